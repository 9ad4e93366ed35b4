/**
 * RFC 6962 roots computed level by level, each level one batch for a hasher that hashes many
 * messages at once (crypto/sha256-batch.ts). Pairing neighbours and carrying an odd last node up
 * unchanged gives MTH exactly: the split at the largest power of two below n falls on the same
 * boundaries (tests/unit/merkle/levels.test.ts checks every size up to 300 and the RFC vectors).
 */
import type { TreeHasher } from './hasher.ts';

/**
 * Hashes `prefix ‖ first[i] ‖ second[i]` (`second` optional) for every i, in order: what a
 * batch hasher does for a whole level of leaves (0x00) or nodes (0x01).
 */
export type BatchHashFn = (
  prefix: number,
  first: readonly Uint8Array[],
  second?: readonly Uint8Array[],
) => Uint8Array[];

/** Fewer hashes than this go one at a time: a batch's setup costs more than it saves. */
const MIN_BATCH = 4;

/** H(0x00 ‖ entry) of every entry. */
export function leafHashesByBatch(
  hasher: TreeHasher,
  batch: BatchHashFn,
  entries: readonly Uint8Array[],
): Uint8Array[] {
  if (entries.length < MIN_BATCH) return entries.map((e) => hasher.leafHash(e));
  return batch(0x00, entries);
}

/** MTH over `leafHashes` (at least one), level by level. */
export function rootByLevels(
  hasher: TreeHasher,
  batch: BatchHashFn,
  leafHashes: readonly Uint8Array[],
): Uint8Array {
  let level = leafHashes;
  while (level.length > 1) {
    const pairs = level.length >> 1;
    const lefts = new Array<Uint8Array>(pairs);
    const rights = new Array<Uint8Array>(pairs);
    for (let i = 0; i < pairs; i++) {
      lefts[i] = level[2 * i] as Uint8Array;
      rights[i] = level[2 * i + 1] as Uint8Array;
    }
    const next =
      pairs < MIN_BATCH
        ? lefts.map((l, i) => hasher.nodeHash(l, rights[i] as Uint8Array))
        : batch(0x01, lefts, rights);
    const odd = level[2 * pairs];
    if (odd !== undefined) next.push(odd);
    level = next;
  }
  return level[0] ?? hasher.emptyRoot;
}
