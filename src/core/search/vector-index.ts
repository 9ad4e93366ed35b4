/**
 * The one interface of Kiana's vector indexes: exact search (`ExactIndex`) up to about 30k
 * vectors and an approximate graph (`HnswIndex`) beyond, chosen by `select.ts`. Vectors are
 * normalized on the way in, so a score is the cosine similarity (a dot product of unit vectors).
 */
import { KianaError } from '@kiana/shared/errors';

/** One search result: the id and its cosine similarity to the query, in [-1, 1]. */
export interface SearchHit<Id extends string = string> {
  readonly id: Id;
  readonly score: number;
}

/** How hard one search looks (approximate indexes only). */
export interface SearchOptions {
  readonly effort?: number;
}

/** What both implementations promise; `tests/unit/search/contract.ts` checks it for each. */
export interface VectorIndex<Id extends string = string> {
  /** Which implementation this is, also written into its bytes. */
  readonly kind: 'exact' | 'hnsw';
  /** Length of every vector in this index. */
  readonly dims: number;
  /** Number of ids held. */
  readonly size: number;
  /**
   * Adds `vector` under `id`, replacing what `id` held before. The vector is copied and
   * normalized. Throws `vector-invalid` on a wrong length, a non-finite value or a zero vector.
   */
  upsert(id: Id, vector: ArrayLike<number>): void;
  /** Removes `id`; false when it was not there. */
  remove(id: Id): boolean;
  /** True when `id` is held. */
  has(id: Id): boolean;
  /** Every id held, in no particular order. */
  ids(): Id[];
  /** The normalized vector stored for `id` (a copy), or undefined. */
  vector(id: Id): Float32Array | undefined;
  /**
   * The `k` ids most similar to `query`, best first (ties by id), at most `size` of them. The
   * query is normalized like a stored vector; `vector-invalid` as for `upsert`. An approximate
   * index may take `options.effort` as its beam width for this search (the graph's efSearch,
   * never below `k`); the exact index is exact whatever it is told.
   */
  search(query: ArrayLike<number>, k: number, options?: SearchOptions): SearchHit<Id>[];
  /** The index as bytes (`codec.ts` describes the layout); `loadVectorIndex` reads them back. */
  serialize(): Uint8Array;
}

/** Largest vector length accepted: keeps the int8 × int16 sums of the kernels within i32. */
export const MAX_DIMS = 4096;

/** Throws `vector-invalid` unless `dims` is a usable vector length. */
export function checkDims(dims: number): void {
  if (!Number.isInteger(dims) || dims < 1 || dims > MAX_DIMS) {
    throw new KianaError('vector-invalid', `vector length must be 1–${MAX_DIMS}, not ${dims}`);
  }
}

/** Throws `vector-invalid` unless `k` is a non-negative integer. */
export function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 0) {
    throw new KianaError('vector-invalid', `k must be a non-negative integer, not ${k}`);
  }
}

/** Orders hits best first, ties by id, so both implementations agree on equal scores. */
export function compareHits(a: SearchHit, b: SearchHit): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
