/**
 * Validators for the store's embedding calls: everything that crossed `postMessage` is checked
 * before it reaches SQL or the index.
 */
import { bad, record } from '../args.ts';
import { parseMemoryId } from '@kiana/shared/ids';
import { parseSearchArgs } from '../memory/validate.ts';
import type { VectorItem } from './types.ts';

/** Most vectors one `vectors.put` stores (one transaction). */
export const MAX_VECTOR_BATCH = 1024;
/** Largest embedding accepted. */
export const MAX_DIMS = 4096;
/** Most texts one `vectors.pending` returns. */
export const MAX_PENDING = 1024;

/** A model key (`modelKey`): printable, bounded. */
export function parseModelKey(method: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,300}$/.test(value)) {
    return bad(method, 'model must be a model key');
  }
  return value;
}

function count(method: string, name: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    return bad(method, `${name} must be an integer from 1 to ${max}`);
  }
  return value;
}

function vector(method: string, value: unknown, dim?: number): Float32Array {
  if (!(value instanceof Float32Array) || value.length < 1 || value.length > MAX_DIMS) {
    return bad(method, 'vector must be a Float32Array');
  }
  if (dim !== undefined && value.length !== dim)
    return bad(method, `vector must have ${dim} values`);
  for (const v of value) if (!Number.isFinite(v)) bad(method, 'vector holds a non-finite value');
  return value;
}

export function parsePendingArgs(value: unknown): { model: string; limit: number } {
  const m = 'vectors.pending';
  const r = record(m, value);
  return { model: parseModelKey(m, r.model), limit: count(m, 'limit', r.limit ?? 64, MAX_PENDING) };
}

export function parseCoverageArgs(value: unknown): { model: string } {
  return { model: parseModelKey('vectors.coverage', record('vectors.coverage', value).model) };
}

export function parsePrepareArgs(value: unknown): { model: string; dim: number } {
  const m = 'vectors.prepare';
  const r = record(m, value);
  return { model: parseModelKey(m, r.model), dim: count(m, 'dim', r.dim, MAX_DIMS) };
}

export function parsePutVectorsArgs(value: unknown): {
  model: string;
  dim: number;
  items: VectorItem[];
} {
  const m = 'vectors.put';
  const r = record(m, value);
  const dim = count(m, 'dim', r.dim, MAX_DIMS);
  if (!Array.isArray(r.items) || r.items.length > MAX_VECTOR_BATCH) {
    return bad(m, `items must be an array of at most ${MAX_VECTOR_BATCH}`);
  }
  const items = r.items.map((raw: unknown) => {
    const item = record(m, raw);
    if (typeof item.text !== 'string') return bad(m, 'text must be a string');
    return { id: parseMemoryId(item.id), text: item.text, vector: vector(m, item.vector, dim) };
  });
  return { model: parseModelKey(m, r.model), dim, items };
}

export function parseNearestArgs(value: unknown): {
  model: string;
  vector: Float32Array;
  limit: number;
} {
  const m = 'vectors.nearest';
  const r = record(m, value);
  return {
    model: parseModelKey(m, r.model),
    vector: vector(m, r.vector),
    limit: count(m, 'limit', r.limit ?? 10, 200),
  };
}

export function parseHybridArgs(value: unknown): {
  query: string;
  limit: number;
  vector: Float32Array | null;
  model: string | null;
} {
  const m = 'memories.hybridSearch';
  const r = record(m, value);
  const { query, limit } = parseSearchArgs(value);
  const hasVector = r.vector !== undefined && r.vector !== null;
  const hasModel = r.model !== undefined && r.model !== null;
  if (hasVector !== hasModel) return bad(m, 'vector and model go together');
  return {
    query,
    limit,
    vector: hasVector ? vector(m, r.vector) : null,
    model: hasModel ? parseModelKey(m, r.model) : null,
  };
}
