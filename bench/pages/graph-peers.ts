/**
 * In-page half of the graph-index peers figure (bench/areas/vectors-peers.ts): our HnswIndex
 * beside hnswlib compiled to WebAssembly (`hnswlib-wasm`), the library a web app would otherwise
 * take, in the same Chromium page, same data and parameters. Node drives it as
 * `kianaGraphPeers.<step>(…)`.
 */
import { loadHnswlib } from 'hnswlib-wasm/dist/hnswlib.js';
import { ExactIndex } from '../../src/core/search/exact-index.ts';
import { HnswIndex } from '../../src/core/search/hnsw-index.ts';
import { clusteredSource, recall } from '../../tests/unit/search/data.ts';
import { EMBEDDING_LIKE, QUERY_SEED, interleaved, type Samples } from '../areas/vectors-common.ts';

const DIMS = EMBEDDING_LIKE.dims;

type Wasm = Awaited<ReturnType<typeof loadHnswlib>>;
type Theirs = InstanceType<Wasm['HierarchicalNSW']>;

interface State {
  ours: HnswIndex;
  theirs: Theirs;
  queries: Float32Array[];
  truth: string[][];
}
let state: State | undefined;

function current(): State {
  if (!state) throw new Error('kianaGraphPeers.build() first');
  return state;
}

const ids = (labels: ArrayLike<number>): string[] => Array.from(labels, (n) => `m${n}`);

const api = {
  /** Builds both indexes of `count` vectors; ms each. */
  async build(
    count: number,
    m: number,
    efConstruction: number,
  ): Promise<{ ours: number; theirs: number }> {
    const wasm = await loadHnswlib();
    const vectors = Array.from({ length: count }, clusteredSource(EMBEDDING_LIKE));
    const ours = new HnswIndex(DIMS, { m, efConstruction, seed: 1 });
    let started = performance.now();
    vectors.forEach((v, i) => ours.upsert(`m${i}`, v));
    const oursMs = performance.now() - started;
    const theirs = new wasm.HierarchicalNSW('cosine', DIMS, '');
    started = performance.now();
    theirs.initIndex(count, m, efConstruction, 1);
    vectors.forEach((v, i) => theirs.addPoint(v, i, false));
    const theirsMs = performance.now() - started;
    const exact = new ExactIndex(DIMS);
    vectors.forEach((v, i) => exact.upsert(`m${i}`, v));
    const queries = Array.from(
      { length: 110 },
      clusteredSource({ ...EMBEDDING_LIKE, seed: QUERY_SEED }),
    );
    const truth = queries.map((q) => exact.search(q, 10).map((h) => h.id));
    state = { ours, theirs, queries, truth };
    return { ours: oursMs, theirs: theirsMs };
  },

  /** Recall@10 of both at `ef`, then `n` interleaved top-10 searches. */
  search(
    ef: number,
    n: number,
    warmup: number,
  ): Samples & { recallOurs: number; recallTheirs: number } {
    const s = current();
    s.ours.efSearch = ef;
    s.theirs.setEfSearch(ef);
    const q = (i: number) => s.queries[i % s.queries.length] ?? new Float32Array();
    const ours = (i: number) => s.ours.search(q(i), 10).map((h) => h.id);
    const theirs = (i: number) => ids(s.theirs.searchKnn(q(i), 10, undefined).neighbors);
    const mean = (search: (i: number) => string[]) =>
      s.queries
        .map((_, i) =>
          recall(
            search(i).map((id) => ({ id })),
            (s.truth[i] ?? []).map((id) => ({ id })),
          ),
        )
        .reduce((a, b) => a + b, 0) / s.queries.length;
    return {
      recallOurs: mean(ours),
      recallTheirs: mean(theirs),
      ...interleaved(n, warmup, ours, theirs),
    };
  },
};

export type GraphPeersApi = typeof api;

declare global {
  interface Window {
    kianaGraphPeers: GraphPeersApi;
  }
}
window.kianaGraphPeers = api;
