/**
 * The store's embedding handlers, spread into its handler map: the embedder asks what is pending
 * and stores vectors; search asks for nearest memories and for hybrid results.
 */
import type { Handlers } from '../../src/core/api/contract.ts';
import type { StoreContract } from '../../src/core/api/store.ts';
import type { StoreService } from './service.ts';

type VectorMethods =
  | 'vectors.pending'
  | 'vectors.put'
  | 'vectors.coverage'
  | 'vectors.prepare'
  | 'vectors.save'
  | 'vectors.nearest'
  | 'memories.hybridSearch';

export function createVectorHandlers(
  store: () => Promise<StoreService>,
): Pick<Handlers<StoreContract>, VectorMethods> {
  return {
    'vectors.pending': async ({ model, limit }) => (await store()).pendingVectors(model, limit),
    'vectors.put': async ({ model, dim, items }) => ({
      stored: await (await store()).putVectors(model, dim, items),
    }),
    'vectors.coverage': async ({ model }) => (await store()).vectorCoverage(model),
    'vectors.prepare': async ({ model, dim }) => (await store()).prepareVectors(model, dim),
    'vectors.save': async () => (await store()).saveVectorIndexes(),
    'vectors.nearest': async ({ model, vector, limit }) =>
      (await store()).nearest(model, vector, limit),
    'memories.hybridSearch': async (args, ctx) => (await store()).hybridSearch(args, ctx.signal),
  };
}
