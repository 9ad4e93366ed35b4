/**
 * Finding the fork point in few round trips. The puller's `hello` carries a locator (Bitcoin's
 * idea): its hashes at the last `DENSE` heights, then at exponentially growing distances down to
 * genesis, about 8 + log2(n) hashes. Recent forks, the common case, resolve exactly from it; a
 * deep fork is bracketed within a factor of two and then narrowed by probes of `PROBE` evenly
 * spaced hashes, each round shrinking the range 33-fold: O(log n) round trips overall.
 */
import { bytesEqual } from '../merkle/index.ts';
import type { ChainTree, Entry } from '../chain/tree.ts';

/** Consecutive heights at the top of a locator. */
export const DENSE = 8;
/** Hashes per probe. */
export const PROBE = 32;

/** Heights a locator for a chain with head at `height` lists, highest first, ending at 0. */
export function locatorHeights(height: number): number[] {
  const heights: number[] = [];
  let step = 1;
  for (let h = height; h > 0; h -= step) {
    heights.push(h);
    if (heights.length >= DENSE) step *= 2;
  }
  heights.push(0);
  return heights;
}

/** Heights strictly between `low` and `high` that a probe lists, highest first. */
export function probeHeights(low: number, high: number): number[] {
  const span = high - low;
  if (span - 1 <= PROBE) {
    return Array.from({ length: span - 1 }, (_, i) => high - 1 - i);
  }
  return Array.from(
    { length: PROBE },
    (_, i) => low + Math.floor(((PROBE - i) * span) / (PROBE + 1)),
  );
}

/** The block at `height` on the branch ending at `tip`. */
export function ancestorAt(tree: ChainTree, tip: Entry, height: number): Entry | undefined {
  if (height > tip.height) return undefined;
  if (tree.isCanonical(tip)) return tree.canonicalAt(height);
  let x: Entry | null = tip;
  while (x !== null && x.height > height) {
    if (tree.isCanonical(x)) return tree.canonicalAt(height);
    x = x.parent;
  }
  return x ?? undefined;
}

/** Where the puller's listed hashes meet our canonical branch. */
export interface Meeting {
  /** Highest listed height whose hash is ours, or -1 when none is. */
  readonly base: number;
  /** Lowest listed height above `base` whose hash is not ours (the fork lies below it). */
  readonly upper: number | null;
}

/**
 * Compares the puller's `hashes` at `heights` (highest first) with our canonical branch. Since a
 * block hash commits to every ancestor, the first match from the top is the highest shared block
 * among those listed.
 */
export function meet(
  tree: ChainTree,
  heights: readonly number[],
  hashes: readonly Uint8Array[],
): Meeting {
  let upper: number | null = null;
  for (let i = 0; i < heights.length; i++) {
    const height = heights[i];
    const theirs = hashes[i];
    if (height === undefined || theirs === undefined) break;
    const ours = tree.canonicalAt(height);
    if (ours !== undefined && bytesEqual(ours.hash, theirs)) return { base: height, upper };
    upper = height;
  }
  return { base: -1, upper };
}
