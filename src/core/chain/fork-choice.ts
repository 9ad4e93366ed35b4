/**
 * Fork choice: which head is canonical. Clique's summed weights, then the tie-breakers of EIP-3436,
 * so every device picks the same head from the same blocks without talking to the others.
 * Memories never depend on the answer (merge.ts); it decides the canonical history and the
 * authority set.
 */
import { compareBytes } from './bytes.ts';

/** What fork choice needs to know about a head. */
export interface HeadCandidate {
  readonly hash: Uint8Array;
  readonly height: number;
  /** Sum of the weights of the block and all its ancestors. */
  readonly totalWeight: number;
  /**
   * How many heights ago the head's sealer last had its turn (`turnDistance`); 0 when it sealed
   * in turn.
   */
  readonly turnDistance: number;
}

/**
 * Negative when `a` is the better head, positive when `b` is, 0 only for the same block:
 * 1. the greater total weight (more blocks sealed in turn, then more blocks);
 * 2. the lower height (the same weight in fewer blocks means more of them were in turn);
 * 3. the sealer whose turn lies furthest back (it has waited longest: EIP-3436 rule 3);
 * 4. the lowest hash, which is unique.
 */
export function compareHeads(a: HeadCandidate, b: HeadCandidate): number {
  if (a.totalWeight !== b.totalWeight) return b.totalWeight - a.totalWeight;
  if (a.height !== b.height) return a.height - b.height;
  if (a.turnDistance !== b.turnDistance) return b.turnDistance - a.turnDistance;
  return compareBytes(a.hash, b.hash);
}

/** The best of `candidates` by `compareHeads`, or null when there are none. */
export function forkChoice<T extends HeadCandidate>(candidates: Iterable<T>): T | null {
  let best: T | null = null;
  for (const c of candidates) {
    if (best === null || compareHeads(c, best) < 0) best = c;
  }
  return best;
}
