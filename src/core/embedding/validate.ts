/**
 * The checks of the store's embedding calls, built from the kit in src/core/api/check.ts:
 * everything that crossed `postMessage` is checked before it reaches SQL or the index.
 */
import { array, fail, int, nullable, object, optional, refine, string } from '../api/check.ts';
import { MAX_DIMS, memoryId, modelKey, vector } from '../api/fields.ts';
import { query, searchLimit, searchOffset } from '../memory/validate.ts';

export { MAX_DIMS } from '../api/fields.ts';
/** Most vectors one `vectors.put` stores (one transaction). */
export const MAX_VECTOR_BATCH = 1024;
/** Most texts one `vectors.pending` returns. */
export const MAX_PENDING = 1024;

const dim = int(1, MAX_DIMS);

export const pendingArgs = object({
  model: modelKey,
  limit: optional(int(1, MAX_PENDING), 64),
});

export const coverageArgs = object({ model: modelKey });

export const prepareArgs = object({ model: modelKey, dim });

/** Vectors made from exactly the given texts; each must have `dim` values. */
export const putVectorsArgs = refine(
  object({
    model: modelKey,
    dim,
    items: array(object({ id: memoryId, text: string(), vector: vector() }), MAX_VECTOR_BATCH),
  }),
  (args, at) => {
    for (const item of args.items) {
      if (item.vector.length !== args.dim)
        return fail(`${at}:`, `vectors must have ${args.dim} values`);
    }
    return args;
  },
);

export const nearestArgs = object({
  model: modelKey,
  vector: vector(),
  limit: optional(int(1, 200), 10),
});

/**
 * `memories.hybridSearch`: FTS alone, or FTS and the query's vector of `model`; `offset` pages
 * through the fused ranking.
 */
export const hybridArgs = refine(
  object({
    query,
    limit: searchLimit,
    offset: searchOffset,
    vector: nullable(vector()),
    model: nullable(modelKey),
  }),
  (args, at) =>
    (args.vector === null) !== (args.model === null)
      ? fail(`${at}:`, 'vector and model go together')
      : args,
);
