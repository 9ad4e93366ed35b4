/**
 * The store worker's embedding calls, spread into its handler map: the embedder asks what is
 * pending and stores vectors; search asks for nearest memories and for hybrid results.
 */
import type {
  HybridResult,
  PendingText,
  VectorCoverage,
  VectorItem,
} from '../../src/core/embedding/types.ts';
import {
  parseCoverageArgs,
  parseHybridArgs,
  parseNearestArgs,
  parsePendingArgs,
  parsePrepareArgs,
  parsePutVectorsArgs,
} from '../../src/core/embedding/validate.ts';
import type { StoreService } from './service.ts';

export function createVectorHandlers(store: () => Promise<StoreService>) {
  return {
    /** Live memories without a vector of `model`, newest first. */
    'vectors.pending': async (args: { model: string; limit?: number }): Promise<PendingText[]> => {
      const { model, limit } = parsePendingArgs(args);
      return (await store()).pendingVectors(model, limit);
    },
    /** Stores vectors made from exactly the given texts; returns how many were stored. */
    'vectors.put': async (args: {
      model: string;
      dim: number;
      items: readonly VectorItem[];
    }): Promise<{ stored: number }> => {
      const { model, dim, items } = parsePutVectorsArgs(args);
      return { stored: await (await store()).putVectors(model, dim, items) };
    },
    'vectors.coverage': async (args: { model: string }): Promise<VectorCoverage> =>
      (await store()).vectorCoverage(parseCoverageArgs(args).model),
    /** Loads a model's index before the first search needs it (between other requests). */
    'vectors.prepare': async (args: { model: string; dim: number }): Promise<void> => {
      const { model, dim } = parsePrepareArgs(args);
      await (await store()).prepareVectors(model, dim);
    },
    /** Saves changed vector indexes now rather than after the quiet time (before a reload). */
    'vectors.save': async (): Promise<void> => (await store()).saveVectorIndexes(),
    /** Nearest live memories by vector similarity alone. */
    'vectors.nearest': async (args: {
      model: string;
      vector: Float32Array;
      limit?: number;
    }): Promise<{ id: string; score: number }[]> => {
      const { model, vector, limit } = parseNearestArgs(args);
      return (await store()).nearest(model, vector, limit);
    },
    /** FTS5 and vectors fused by RRF; each hit marked `meaning`, `words` or both. */
    'memories.hybridSearch': async (args: {
      query: string;
      limit?: number;
      vector?: Float32Array | null;
      model?: string | null;
    }): Promise<HybridResult> => (await store()).hybridSearch(parseHybridArgs(args)),
  };
}
