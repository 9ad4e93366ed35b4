/**
 * Arguments and answers of the store's embedding calls, shared by the store worker and the tabs.
 */
import type { MemoryId } from '@kiana/shared/ids';
import type { Memory, SearchOrder } from '../memory/types.ts';

/** A memory still waiting for a vector of some model. */
export interface PendingText {
  readonly id: MemoryId;
  readonly text: string;
}

/** One vector to store; `text` is what was embedded (a vector for older text is dropped). */
export interface VectorItem {
  readonly id: MemoryId;
  readonly text: string;
  readonly vector: Float32Array;
}

/** How far one model's vectors cover the live memories. */
export interface VectorCoverage {
  readonly model: string;
  readonly embedded: number;
  readonly total: number;
  /** The kind of the model's index in the store's memory; null until it is loaded. */
  readonly index: 'exact' | 'hnsw' | null;
  /**
   * Vectors still to place in the index that will replace it (a collection crossed the exact
   * limit); 0 when no conversion runs. Searches are answered meanwhile, by the current index.
   */
  readonly indexing: number;
}

/** How a search result was found: by meaning (vectors), by words (FTS5), or both. */
export type MatchKind = 'meaning' | 'words';

/** One hybrid search result. */
export interface HybridHit {
  readonly memory: Memory;
  /** FTS5 snippet with match markers when found by words; the text's start otherwise. */
  readonly snippet: string;
  /** Reciprocal-rank-fusion score, higher is better. */
  readonly score: number;
  readonly match: readonly MatchKind[];
  /** Cosine similarity to the query when found by meaning. */
  readonly similarity: number | null;
}

/** The answer to `memories.hybridSearch`. */
export interface HybridResult {
  /** One page: the hits from `offset`, at most `limit`. */
  readonly hits: readonly HybridHit[];
  /** All hits the query has over every page, so the UI can say how many and load more. */
  readonly total: number;
  /** The FTS5 expression that ran, or null when the query had no words to search. */
  readonly expression: string | null;
  /** Whether vectors took part (a model key and a query vector were given). */
  readonly semantic: boolean;
  /** The order of the keyword hits: BM25, or latest stored first for very broad queries. */
  readonly order: SearchOrder;
}
