/**
 * In-page half of the hybrid-search figure (bench/areas/hybrid.ts), loaded into the real app
 * page. Memories go in through `memories.bulkPut`, their vectors through `vectors.put` — seeded
 * 384-d clustered vectors standing in for a model's (no model runs: the figure is the store's
 * search, not embedding). Then `memories.hybridSearch` (FTS5 + vector index + RRF, via the worker
 * RPC) is timed beside keyword-only `memories.search`, interleaved sample by sample.
 */
import type { StoreClient } from '../../src/platform/store-client.ts';
import { clusteredSource } from '../../tests/unit/search/data.ts';
import { EMBEDDING_LIKE } from '../areas/vectors-common.ts';
import { Corpus, seededRandom, type CorpusMemory } from './corpus.ts';
import { fillWithVectors, settleIndex, timed } from './fill.ts';

/** A model key of the synthetic vectors (no such model exists; the store only needs a key). */
export const BENCH_MODEL = 'Bench/clustered-384@synthetic/fp32';
const LIMIT = 20;
const WARMUP = 5;

interface State {
  store: StoreClient;
  corpus: Corpus;
  vectors: () => Float32Array;
  stored: CorpusMemory[];
  random: () => number;
}
let state: State | undefined;

function current(): State {
  if (!state) throw new Error('kianaHybrid.init() first');
  return state;
}

const api = {
  async init(seed: number): Promise<{ count: number }> {
    const hook = (globalThis as { kianaStore?: () => StoreClient }).kianaStore;
    if (!hook) throw new Error('no kianaStore() on this page: load the app first');
    const store = hook();
    state = {
      store,
      corpus: new Corpus(seed),
      vectors: clusteredSource(EMBEDDING_LIKE),
      stored: [],
      random: seededRandom(seed + 1),
    };
    return { count: (await store.call('db.stats', undefined)).count };
  },

  /** Adds `count` memories with a vector each, `batch` per call; ms for texts and vectors. */
  async fill(count: number, batch: number): Promise<{ texts: number; vectors: number }> {
    const s = current();
    const { stored, ...spent } = await fillWithVectors(
      s.store,
      { corpus: s.corpus, vectors: s.vectors, model: BENCH_MODEL },
      count,
      batch,
    );
    s.stored.push(...stored);
    return spent;
  },

  /**
   * `n` queries (a word of a stored memory, and a query vector from the same topics): hybrid
   * search beside keyword-only search, alternating which goes first. The first hybrid query,
   * which builds or loads the index, is reported apart.
   */
  async measure(n: number): Promise<{
    ours: number[];
    baseline: number[];
    first: number;
    meaningHits: number;
    kind: 'exact' | 'hnsw';
    settleMs: number;
  }> {
    const s = current();
    const queries = new Array(n + WARMUP + 1).fill(0).map(() => {
      const memory = s.stored[Math.floor(s.random() * s.stored.length)] as CorpusMemory;
      const words = memory.text.split(/[^\p{L}]+/u).filter((w) => w.length >= 4);
      return words[Math.floor(s.random() * words.length)] ?? memory.text.split(' ')[0] ?? 'x';
    });
    // New points of the stored topics, as a query about one's own memories is. (A stream with
    // another seed has other topics altogether: its best neighbours scored 0.20–0.22, below the
    // relevance floor, and with the graph index none of 105 queries found anything by meaning.)
    const vectors = s.vectors;
    let meaningHits = 0;
    const hybrid = async (i: number) => {
      const result = await s.store.call('memories.hybridSearch', {
        query: queries[i] as string,
        limit: LIMIT,
        vector: vectors(),
        model: BENCH_MODEL,
      });
      meaningHits += result.hits.filter((h) => h.match.includes('meaning')).length;
    };
    // A trailing space: the same FTS5 work under another key of the store's words cache, so the
    // one that runs second is not served the other's words.
    const words = (i: number) =>
      s.store.call('memories.search', { query: `${queries[i] as string} `, limit: LIMIT });
    const first = await timed(() => hybrid(n + WARMUP));
    // Past the exact limit the graph is built in the background: measure once it answers.
    const settled = await settleIndex(s.store, BENCH_MODEL, vectors());
    const out = { ours: [] as number[], baseline: [] as number[] };
    for (let i = 0; i < n + WARMUP; i++) {
      const a = i % 2 === 0;
      const one = await timed(() => (a ? hybrid(i) : words(i)));
      const two = await timed(() => (a ? words(i) : hybrid(i)));
      if (i < WARMUP) continue;
      out.ours.push(a ? one : two);
      out.baseline.push(a ? two : one);
    }
    return { ...out, first, meaningHits, kind: settled.kind, settleMs: settled.ms };
  },
  /** Writes the vector index now, so that a reload finds it saved. */
  async save(): Promise<void> {
    await current().store.call('vectors.save', undefined);
  },

  /** Times `vectors.prepare` (what the app calls once a model is in use). */
  async prepare(): Promise<number> {
    return timed(() =>
      current().store.call('vectors.prepare', { model: BENCH_MODEL, dim: EMBEDDING_LIKE.dims }),
    );
  },

  /** Times one hybrid query right after the store opened: it loads the saved index. */
  async firstAfterOpen(): Promise<{ ms: number; meaningHits: number }> {
    const s = current();
    // After a reload `init` restarts the stream: a stored memory's own vector, a sure match.
    const vector = s.vectors();
    let meaningHits = 0;
    const ms = await timed(async () => {
      const result = await s.store.call('memories.hybridSearch', {
        query: 'garden',
        limit: LIMIT,
        vector,
        model: BENCH_MODEL,
      });
      meaningHits = result.hits.filter((h) => h.match.includes('meaning')).length;
    });
    return { ms, meaningHits };
  },
};

export type HybridBenchApi = typeof api;
(globalThis as { kianaHybrid?: HybridBenchApi }).kianaHybrid = api;
