/**
 * Which index to use: exact search answers within the latency goal up to about 100k vectors
 * (bench: `npm run bench search`), the graph beyond. The selector only advises; the owner
 * converts in slices (IndexConversion), deciding when each may run.
 */
import { corrupt } from './codec.ts';
import { ExactIndex } from './exact-index.ts';
import { HnswIndex } from './hnsw-index.ts';
import type { VectorIndex } from './vector-index.ts';

/** Largest collection searched exactly. */
export const EXACT_LIMIT = 100_000;

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
