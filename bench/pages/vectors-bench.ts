/**
 * In-page half of the vector figures (bench/areas/vectors.ts builds it with Vite and serves it
 * beside the app): our exact index beside the naive loop at 100k and 200k vectors, in Chromium.
 * Node drives it as `kianaVectors.<step>(…)`.
 */
import { ExactIndex } from '../../src/core/search/exact-index.ts';
import { clusteredSource } from '../../tests/unit/search/data.ts';
import {
  EMBEDDING_LIKE,
  NaiveScan,
  QUERY_SEED,
  interleaved,
  type Samples,
} from '../areas/vectors-common.ts';

interface State {
  ours: ExactIndex;
  naive: NaiveScan;
  next: () => Float32Array;
  count: number;
  capacity: number;
}
let state: State | undefined;

function current(): State {
  if (!state) throw new Error('kianaVectors.init() first');
  return state;
}

const api = {
  /** Empty index and baseline with room for `capacity` vectors. */
  init(capacity: number): { kernels: string } {
    const ours = new ExactIndex(EMBEDDING_LIKE.dims);
    state = {
      ours,
      naive: new NaiveScan(EMBEDDING_LIKE.dims, capacity),
      next: clusteredSource(EMBEDDING_LIKE),
      count: 0,
      capacity,
    };
    return { kernels: ours.kernelName };
  },

  /** Adds vectors until both hold `count`; returns ms spent inserting into ours. */
  fill(count: number): number {
    const s = current();
    let spent = 0;
    for (; s.count < Math.min(count, s.capacity); s.count++) {
      const v = s.next();
      const started = performance.now();
      s.ours.upsert(`m${s.count}`, v);
      spent += performance.now() - started;
      s.naive.add(v);
    }
    return spent;
  },

  /** Top-10 latency of ours and the naive loop on `n` queries; also checks they agree. */
  search(n: number, warmup: number): Samples & { agree: number } {
    const s = current();
    const next = clusteredSource({ ...EMBEDDING_LIKE, seed: QUERY_SEED });
    const queries = Array.from({ length: n + warmup }, next);
    const unit = queries.map((q) => {
      const norm = Math.sqrt(q.reduce((sum, x) => sum + x * x, 0));
      return q.map((x) => x / norm);
    });
    let agree = 0;
    const samples = interleaved(
      n,
      warmup,
      (i) => s.ours.search(queries[i] ?? new Float32Array(), 10),
      (i) => s.naive.search(unit[i] ?? new Float32Array(), 10),
    );
    for (const q of queries.slice(0, 10)) {
      const ours = s.ours.search(q, 10).map((h) => h.id);
      const norm = Math.sqrt(q.reduce((sum, x) => sum + x * x, 0));
      const naive = s.naive
        .search(
          q.map((x) => x / norm),
          10,
        )
        .map((i) => `m${i}`);
      agree += ours.filter((id) => naive.includes(id)).length / 10;
    }
    return { ...samples, agree: agree / 10 };
  },
};

export type VectorsBenchApi = typeof api;

declare global {
  interface Window {
    kianaVectors: VectorsBenchApi;
  }
}
window.kianaVectors = api;
