/**
 * Which index to use: exact search answers within the latency goal up to about 100k vectors
 * (bench: `npm run bench search`), the graph beyond. The selector only advises and converts; the
 * caller owns the index and decides when a conversion (a full insert pass) may run.
 */
import { corrupt } from './codec.ts';
import { ExactIndex } from './exact-index.ts';
import { HnswIndex, type HnswOptions } from './hnsw-index.ts';
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

/** A new, empty index of the kind `chooseKind(expected)` picks. */
export function createVectorIndex<Id extends string = string>(
  dims: number,
  expected = 0,
  options: HnswOptions = {},
): VectorIndex<Id> {
  return chooseKind(expected) === 'exact'
    ? new ExactIndex<Id>(dims, options)
    : new HnswIndex<Id>(dims, options);
}

/**
 * `index` itself when its kind suits its size, else a new index of the right kind holding the
 * same vectors (inserted in id order, so the result is deterministic).
 */
export function convertIfNeeded<Id extends string>(
  index: VectorIndex<Id>,
  options: HnswOptions = {},
): VectorIndex<Id> {
  const kind = chooseKind(index.size, index.kind);
  if (kind === index.kind) return index;
  const next =
    kind === 'exact'
      ? new ExactIndex<Id>(index.dims, options)
      : new HnswIndex<Id>(index.dims, options);
  for (const id of index.ids().sort()) {
    const vector = index.vector(id);
    if (vector) next.upsert(id, vector);
  }
  return next;
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
