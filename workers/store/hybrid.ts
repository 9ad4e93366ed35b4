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
import { getMemory } from './tables/memories.ts';
import { matchingIds, searchMemories } from './tables/memory-search.ts';
import { withVectors } from './tables/memory-vectors.ts';

/** Arguments of `memories.hybridSearch`. */
export interface HybridArgs {
  readonly query: string;
  readonly limit: number;
  /** Where the page starts in the fused ranking. */
  readonly offset: number;
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
/**
 * Nearest neighbours considered per query, the same on every page so that pages fuse the same
 * lists (and the total does not change while paging).
 */
const MEANING_POOL = 200;
/**
 * Cosine similarity below which a neighbour is not a hit at all. Every memory has a nearest
 * vector, so without a floor every query listed every memory; unrelated sentences score about
 * 0–0.2 with the multilingual MiniLM, paraphrases 0.5 and more.
 */
export const MEANING_FLOOR = 0.25;
/** Meaning-only hits below this similarity come after every keyword hit. */
export const MEANING_STRONG = 0.5;

function plainSnippet(text: string): string {
  return text.length <= PLAIN_SNIPPET
    ? text
    : `${text.slice(0, PLAIN_SNIPPET).trimEnd()}${ELLIPSIS}`;
}

/** Live neighbours of `vector` above the floor, best first. */
async function nearMeaning(
  db: Locked,
  index: VectorIndex,
  vector: Float32Array,
  model: string,
): Promise<SearchHit[]> {
  // Ask for extra: soft-deleted memories keep their vectors (Undo) and are dropped here.
  const near = index.search(vector, MEANING_POOL * 2).filter((n) => n.score >= MEANING_FLOOR);
  const live = await withVectors(
    db,
    model,
    near.map((n) => n.id),
  );
  return near.filter((n) => live.has(n.id)).slice(0, MEANING_POOL);
}

/**
 * One page of the fused ranking. Keyword hits are read to the end of the page (FTS5 ranks them
 * by BM25), neighbours from a fixed pool; RRF fuses both, weak meaning-only hits go last.
 */
export async function hybridSearch(
  db: Locked,
  index: VectorIndex | null,
  args: HybridArgs,
): Promise<HybridResult> {
  const end = args.offset + args.limit;
  const words = await searchMemories(db, { query: args.query, limit: end, offset: 0 });
  const { vector, model } = args;
  const semantic = index !== null && vector !== null && model !== null;
  const meaning = semantic ? await nearMeaning(db, index, vector, model) : [];
  const byWords = new Map(words.hits.map((h) => [h.memory.id as string, h]));
  const similarity = new Map(meaning.map((m) => [m.id, m.score]));
  // Neighbours that match the words too are counted in `words.total` already.
  const alsoWords = await matchingIds(
    db,
    words.expression,
    meaning.map((m) => m.id),
  );
  const fused = fuseRankings({
    words: words.hits.map((h) => h.memory.id as string),
    meaning: meaning.map((m) => m.id),
  });
  const weak = (f: (typeof fused)[number]): boolean =>
    f.match === 'meaning' && (similarity.get(f.id) ?? 0) < MEANING_STRONG;
  const ranked = [...fused.filter((f) => !weak(f)), ...fused.filter(weak)];
  const hits: HybridHit[] = [];
  for (const { id, score, match } of ranked.slice(args.offset, end)) {
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
  const total = words.total + meaning.filter((m) => !alsoWords.has(m.id)).length;
  return { hits, total, expression: words.expression, semantic, order: words.order };
}
