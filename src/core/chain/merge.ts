/**
 * `mergeState`: the memory state of a set of blocks, pure. Every valid transaction seen on any
 * branch counts (so no write is lost when its branch loses fork choice); the transactions that are
 * not on the canonical branch are listed for the next block to re-include, which is how the
 * canonical history catches up with the state.
 */
import { hlcCompare } from '../hlc.ts';
import { compareBytes, toHex } from './bytes.ts';
import { MemoryMerge, type MemoryView } from './memory-merge.ts';
import type { Tx } from './types.ts';

/** One stored block, as mergeState sees it. */
export interface MergeBlock {
  readonly txs: readonly Tx[];
  /** True when the block is on the canonical branch. */
  readonly canonical: boolean;
}

/** What to merge. */
export interface MergeInput {
  /**
   * Every block that passed validation, on any branch. All their transactions count, a removed
   * author's too: a removal refuses later blocks, it never takes back an accepted write.
   */
  readonly blocks: Iterable<MergeBlock>;
  /** Local transactions not yet sealed into any block. */
  readonly pending?: readonly Tx[];
}

/** The merged state. Content hashes are keyed by lowercase hex. */
export interface MergedState {
  /** Every memory ever named, sorted by id; `alive` tells which to show. */
  readonly memories: readonly MemoryView[];
  /** Blobs the shown memories need. */
  readonly keep: ReadonlyMap<string, Uint8Array>;
  /** Blobs that must be erased wherever they are stored. */
  readonly erase: ReadonlyMap<string, Uint8Array>;
  /** Transactions not on the canonical branch, in re-inclusion order (`reinclusionOrder`). */
  readonly reinclude: readonly Tx[];
}

/**
 * The order in which a block re-includes transactions: device additions first (a device's own
 * writes may only follow its addition), then everything by clock, then by id.
 */
export function reinclusionOrder(a: Tx, b: Tx): number {
  const rank = (tx: Tx): number => (tx.body.kind === 'device-add' ? 0 : 1);
  return rank(a) - rank(b) || hlcCompare(a.hlc, b.hlc) || compareBytes(a.id, b.id);
}

/** Merges every counted transaction of `input` into memories, blobs to keep and erase, and the
 * transactions to re-include. Deterministic in the set of blocks, whatever their order. */
export function mergeState(input: MergeInput): MergedState {
  const merge = new MemoryMerge();
  const onCanonical = new Set<string>();
  const offCanonical = new Map<string, Tx>();
  const consider = (tx: Tx, canonical: boolean): void => {
    merge.apply(tx);
    const key = toHex(tx.id);
    if (canonical) onCanonical.add(key);
    else offCanonical.set(key, tx);
  };
  for (const block of input.blocks) for (const tx of block.txs) consider(tx, block.canonical);
  for (const tx of input.pending ?? []) consider(tx, false);
  const reinclude = [...offCanonical]
    .filter(([key]) => !onCanonical.has(key))
    .map(([, tx]) => tx)
    .sort(reinclusionOrder);
  const { keep, erase } = merge.content();
  return { memories: merge.views(), keep, erase, reinclude };
}
