/**
 * Which index to use: exact search below about 30k vectors, the graph above. Measured in Node on
 * the bench's clustered 384-d data (top 10, p50): exact 0.60 / 0.85 / 1.33 ms at 20k / 30k / 50k,
 * the graph (efSearch 512, recall@10 1.0) 0.71 / 0.83 / 0.96 ms. The exact scan reads every
 * vector's codes, so it grows with the collection and with the host's memory bandwidth (at 100k
 * 3.8–10.5 ms on one host in one day); the graph grows with the log of it. The selector only
 * advises; the owner converts in slices (IndexConversion), deciding when each may run.
 */
import { corrupt } from './codec.ts';
import { ExactIndex } from './exact-index.ts';
import { HnswIndex } from './hnsw-index.ts';
import type { VectorIndex } from './vector-index.ts';

/** Largest collection searched exactly. */
export const EXACT_LIMIT = 30_000;

/**
 * The kind for `count` vectors. With `current`, a graph stays a graph until the collection falls
 * below half the limit, so a collection hovering at the limit does not convert back and forth.
 */
export function chooseKind(
  count: number,
  current?: VectorIndex['kind'],
  limit = EXACT_LIMIT,
): VectorIndex['kind'] {
  if (current === 'hnsw') return count < limit / 2 ? 'exact' : 'hnsw';
  return count > limit ? 'hnsw' : 'exact';
}

/** Reads either kind from its bytes; `vector-index-corrupt` when they are damaged. */
export function loadVectorIndex<Id extends string = string>(
  bytes: Uint8Array,
  options: { isId?: (value: string) => value is Id } = {},
): VectorIndex<Id> {
  // Byte 5 names the kind; each loader checks everything else, including this byte again.
  switch (bytes[5]) {
    case 2:
      return HnswIndex.load(bytes, options);
    case 1:
      return ExactIndex.load(bytes, options);
    default:
      throw corrupt('unknown index kind');
  }
}
