/**
 * What the vector figures share in Node and in the page: the data (seeded, clustered along few
 * directions like sentence embeddings), the naive baseline, and interleaved timing.
 */
import type { ClusterSpec } from '../../tests/unit/search/data.ts';

/** 384 dimensions as all-MiniLM-L6-v2 and multilingual MiniLM produce; 1,000 topics. */
export const EMBEDDING_LIKE: ClusterSpec = {
  dims: 384,
  clusters: 1000,
  spread: 0.8,
  seed: 20_261_126,
  latent: 32,
};

/** Seed of the query stream (a different stream from the same topics). */
export const QUERY_SEED = 77;

/**
 * The baseline a developer writes first: vectors in one Float32Array, a plain dot-product loop,
 * the top k kept by insertion into a short sorted list.
 */
export class NaiveScan {
  readonly #dims: number;
  readonly #data: Float32Array;
  #count = 0;

  constructor(dims: number, capacity: number) {
    this.#dims = dims;
    this.#data = new Float32Array(dims * capacity);
  }

  /** Appends a vector, normalized. */
  add(vector: Float32Array): void {
    let sum = 0;
    for (const x of vector) sum += x * x;
    const norm = Math.sqrt(sum);
    const at = this.#count++ * this.#dims;
    for (let j = 0; j < this.#dims; j++) this.#data[at + j] = (vector[j] ?? 0) / norm;
  }

  /** Indexes of the k best, best first. */
  search(query: Float32Array, k: number): number[] {
    const best: { i: number; s: number }[] = [];
    const d = this.#dims;
    for (let i = 0; i < this.#count; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (this.#data[i * d + j] ?? 0) * (query[j] ?? 0);
      if (best.length < k || s > (best[best.length - 1]?.s ?? -Infinity)) {
        let p = best.length;
        while (p > 0 && (best[p - 1]?.s ?? 0) < s) p--;
        best.splice(p, 0, { i, s });
        if (best.length > k) best.pop();
      }
    }
    return best.map((b) => b.i);
  }
}

export interface Samples {
  ours: number[];
  baseline: number[];
}

/** `n` + `warmup` rounds of (ours, baseline) on query i, alternating which goes first. */
export function interleaved(
  n: number,
  warmup: number,
  ours: (i: number) => unknown,
  baseline: (i: number) => unknown,
): Samples {
  const samples: Samples = { ours: [], baseline: [] };
  const timed = (action: () => unknown): number => {
    const started = performance.now();
    action();
    return performance.now() - started;
  };
  for (let i = 0; i < n + warmup; i++) {
    const a = i % 2 === 0;
    const first = timed(() => (a ? ours(i) : baseline(i)));
    const second = timed(() => (a ? baseline(i) : ours(i)));
    if (i < warmup) continue;
    samples.ours.push(a ? first : second);
    samples.baseline.push(a ? second : first);
  }
  return samples;
}
