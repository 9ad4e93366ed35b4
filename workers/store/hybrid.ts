/**
 * Hybrid search: FTS5 BM25 ranks by words, the vector index ranks by meaning, Reciprocal Rank
 * Fusion merges the two lists (ranks, not scores: BM25 and cosine are not on one scale). Each
 * hit says which list found it. Without a query vector it is keyword search alone.
 */
import type { HybridHit, HybridResult, MatchKind } from '../../src/core/embedding/types.ts';
import type { MemoryId } from '@kiana/shared/ids';
import { fuseRankings, type MatchedBy } from '../../src/core/search/rrf.ts';
import type { SearchHit, VectorIndex } from '../../src/core/search/vector-index.ts';
import { ELLIPSIS } from '../../src/core/memory/snippet.ts';
import type { Locked } from './lock.ts';
import { getMemory, searchMemories } from './tables/memories.ts';
import { withVectors } from './tables/memory-vectors.ts';

/** Arguments of `memories.hybridSearch`. */
export interface HybridArgs {
  readonly query: string;
  readonly limit: number;
  /** The query's embedding and the key of the model that made it; both or neither. */
  readonly vector: Float32Array | null;
  readonly model: string | null;
}

/** The UI's marks for how a hit was found. */
const MATCH: Record<MatchedBy, MatchKind[]> = {
  meaning: ['meaning'],
  words: ['words'],
  both: ['meaning', 'words'],
};

/** Characters of a memory shown when only its meaning matched (no FTS snippet exists). */
const PLAIN_SNIPPET = 160;

function plainSnippet(text: string): string {
  return text.length <= PLAIN_SNIPPET
    ? text
    : `${text.slice(0, PLAIN_SNIPPET).trimEnd()}${ELLIPSIS}`;
}

export async function hybridSearch(
  db: Locked,
  index: VectorIndex | null,
  args: HybridArgs,
): Promise<HybridResult> {
  const words = await searchMemories(db, { query: args.query, limit: args.limit });
  const { vector, model } = args;
  const semantic = index !== null && vector !== null && model !== null;
  let meaning: SearchHit[] = [];
  if (index !== null && vector !== null && model !== null) {
    // Ask for extra: soft-deleted memories keep their vectors (Undo) and are dropped here.
    const near = index.search(vector, args.limit * 2);
    const live = await withVectors(
      db,
      model,
      near.map((n) => n.id),
    );
    meaning = near.filter((n) => live.has(n.id));
  }
  const byWords = new Map(words.hits.map((h) => [h.memory.id as string, h]));
  const similarity = new Map(meaning.map((m) => [m.id, m.score]));
  const fused = fuseRankings({
    words: words.hits.map((h) => h.memory.id as string),
    meaning: meaning.map((m) => m.id),
  });
  const hits: HybridHit[] = [];
  for (const { id, score, match } of fused) {
    if (hits.length >= args.limit) break;
    const word = byWords.get(id);
    const memory = word?.memory ?? (await getMemory(db, id as MemoryId));
    if (!memory || memory.deleted) continue;
    hits.push({
      memory,
      snippet: word?.snippet ?? plainSnippet(memory.text),
      score,
      match: MATCH[match],
      similarity: similarity.get(id) ?? null,
    });
  }
  return { hits, expression: words.expression, semantic };
}
