/**
 * Hybrid search: FTS5 BM25 ranks by words, the vector index ranks by meaning, Reciprocal Rank
 * Fusion merges the two lists (ranks, not scores: BM25 and cosine are not on one scale). Each
 * hit says which list found it. Without a query vector it is keyword search alone.
 */
import type { HybridHit, HybridResult, MatchKind } from '../../src/core/embedding/types.ts';
import type { SearchArgs, SearchResult } from '../../src/core/memory/types.ts';
import { fuseRankings, type MatchedBy } from '../../src/core/search/rrf.ts';
import type { SearchHit, VectorIndex } from '../../src/core/search/vector-index.ts';
import { ELLIPSIS } from '../../src/core/memory/snippet.ts';
import type { Locked } from './lock.ts';
import { getMemories } from './tables/memories.ts';
import { matchingIds, searchMemories } from './tables/memory-search.ts';
import { liveWithVectors } from './tables/memory-vectors.ts';

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

/** Full-text search as the store runs it (through its cache of the last search's words). */
export type WordsSearch = (args: SearchArgs) => Promise<SearchResult>;

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
 * lists (and the total does not change while paging). 100: a query lists at most 100 memories
 * found by meaning alone. Each neighbour costs an SQL check (live, still with a vector) and
 * maybe an FTS5 one on every keystroke's query; at 100k in Chromium the checks of a pool of 200
 * took 2.5–3.5 ms of the ~6 ms the store spent on a hybrid query (issue #18, item 2).
 */
const MEANING_POOL = 100;
/**
 * The graph's beam width for the pool (its default, 512, serves `vectors.nearest`). On the
 * bench's 100k clustered vectors, against exact search, asking for the pool and its slack (120):
 * recall@10 / @50 / @100 1.000 / 0.995 / 0.990 at 512 and 0.998 / 0.987 / 0.980 at 384, which
 * took 20 % less time (Node, 1.42 -> 1.16 ms). A fused ranking of words and meaning does not
 * need the last percent of the pool's recall, and each keystroke's query pays for the beam
 * (issue #18, item 2).
 */
export const POOL_EFFORT = 384;
/** Neighbours asked for beyond the pool, for the few the SQL check may drop. */
const POOL_SLACK = 20;
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

/**
 * Live neighbours of `vector` above the floor, best first, with their `seq`. The index can hold
 * a few memories the SQL check drops (a change it has not been told of yet), so it is asked for
 * a few more than the pool, and again for twice as many only when the check dropped too many.
 * (Asking for twice the pool every time made every query pay for twice the neighbours and
 * checks.)
 */
async function nearMeaning(
  db: Locked,
  index: VectorIndex,
  vector: Float32Array,
  model: string,
): Promise<{ hits: SearchHit[]; seqs: Map<string, number> }> {
  for (let ask = MEANING_POOL + POOL_SLACK; ; ask *= 2) {
    const near = index.search(vector, ask, { effort: POOL_EFFORT });
    const above = near.filter((n) => n.score >= MEANING_FLOOR);
    const live = await liveWithVectors(
      db,
      model,
      above.map((n) => n.id),
    );
    const hits = above.filter((n) => live.has(n.id)).slice(0, MEANING_POOL);
    // Done when the pool is full, or when asking for more cannot add to it: the index had no
    // more, or the neighbours already fell below the floor.
    if (hits.length >= MEANING_POOL || near.length < ask || above.length < near.length) {
      return { hits, seqs: new Map(hits.map((h) => [h.id, live.get(h.id) ?? 0])) };
    }
  }
}

/**
 * Which neighbours match the words too (they are counted in the words' total already). When the
 * words' hits are all of their matches the answer is in hand; otherwise FTS5 checks the rest.
 */
async function alsoMatchingWords(
  db: Locked,
  words: { hits: readonly { memory: { id: string } }[]; total: number; expression: string | null },
  seqs: ReadonlyMap<string, number>,
): Promise<Set<string>> {
  const inHand = new Set(words.hits.map((h) => h.memory.id));
  const known = new Set([...seqs.keys()].filter((id) => inHand.has(id)));
  if (words.total <= words.hits.length) return known;
  const rest = new Map([...seqs].filter(([id]) => !inHand.has(id)));
  for (const id of await matchingIds(db, words.expression, rest)) known.add(id);
  return known;
}

/**
 * One page of the fused ranking. Keyword hits are read to the end of the page (FTS5 ranks them
 * by BM25), neighbours from a fixed pool; RRF fuses both, weak meaning-only hits go last.
 */
export async function hybridSearch(
  db: Locked,
  index: VectorIndex | null,
  args: HybridArgs,
  search: WordsSearch = (a) => searchMemories(db, a),
): Promise<HybridResult> {
  const end = args.offset + args.limit;
  const words = await search({ query: args.query, limit: end, offset: 0 });
  const { vector, model } = args;
  const semantic = index !== null && vector !== null && model !== null;
  const near = semantic ? await nearMeaning(db, index, vector, model) : null;
  const meaning = near?.hits ?? [];
  const byWords = new Map(words.hits.map((h) => [h.memory.id as string, h]));
  const similarity = new Map(meaning.map((m) => [m.id, m.score]));
  const alsoWords = near ? await alsoMatchingWords(db, words, near.seqs) : new Set<string>();
  const fused = fuseRankings({
    words: words.hits.map((h) => h.memory.id as string),
    meaning: meaning.map((m) => m.id),
  });
  const weak = (f: (typeof fused)[number]): boolean =>
    f.match === 'meaning' && (similarity.get(f.id) ?? 0) < MEANING_STRONG;
  const ranked = [...fused.filter((f) => !weak(f)), ...fused.filter(weak)];
  const page = ranked.slice(args.offset, end);
  // Meaning-only hits of the page, read in one statement.
  const read = await getMemories(
    db,
    page.filter((f) => !byWords.has(f.id)).map((f) => f.id),
  );
  const hits: HybridHit[] = [];
  for (const { id, score, match } of page) {
    const word = byWords.get(id);
    const memory = word?.memory ?? read.get(id);
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
