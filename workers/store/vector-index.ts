/**
 * The tiny interface the store's hybrid search needs from a vector index, and a plain exact
 * implementation of it. The vector-index work (src/core/search: exact + approximate index and
 * RRF fusion) plugs in behind `VectorIndex` and `fuseRanks` once it is on main.
 */

/** A nearest-neighbour index over unit vectors keyed by memory id. */
export interface VectorIndex {
  readonly dim: number;
  readonly size: number;
  upsert(id: string, vector: Float32Array): void;
  remove(id: string): void;
  /** The `k` most similar ids by dot product (cosine for unit vectors), best first. */
  search(query: Float32Array, k: number): { id: string; score: number }[];
}

/** Exact search over one growable typed array: the interim index. */
export class ExactIndex implements VectorIndex {
  private data: Float32Array;
  private ids: string[] = [];
  private readonly rows = new Map<string, number>();

  constructor(readonly dim: number) {
    this.data = new Float32Array(dim * 64);
  }

  get size(): number {
    return this.ids.length;
  }

  upsert(id: string, vector: Float32Array): void {
    let row = this.rows.get(id);
    if (row === undefined) {
      row = this.ids.length;
      if ((row + 1) * this.dim > this.data.length) {
        const grown = new Float32Array(this.data.length * 2);
        grown.set(this.data);
        this.data = grown;
      }
      this.ids.push(id);
      this.rows.set(id, row);
    }
    this.data.set(vector, row * this.dim);
  }

  remove(id: string): void {
    const row = this.rows.get(id);
    if (row === undefined) return;
    // Move the last row into the hole, so rows stay dense.
    const last = this.ids.length - 1;
    const lastId = this.ids[last] as string;
    if (row !== last) {
      this.data.copyWithin(row * this.dim, last * this.dim, (last + 1) * this.dim);
      this.ids[row] = lastId;
      this.rows.set(lastId, row);
    }
    this.ids.pop();
    this.rows.delete(id);
  }

  search(query: Float32Array, k: number): { id: string; score: number }[] {
    const { dim, data } = this;
    const scores = new Float32Array(this.ids.length);
    for (let r = 0; r < this.ids.length; r++) {
      let s = 0;
      const base = r * dim;
      for (let i = 0; i < dim; i++) s += (data[base + i] as number) * (query[i] as number);
      scores[r] = s;
    }
    const order = Array.from(scores.keys()).sort(
      (a, b) => (scores[b] as number) - (scores[a] as number),
    );
    return order
      .slice(0, k)
      .map((r) => ({ id: this.ids[r] as string, score: scores[r] as number }));
  }
}

/** Reciprocal Rank Fusion (Cormack et al.): Σ 1 / (k + rank), rank from 1; k = 60 as usual. */
export function fuseRanks(lists: readonly (readonly string[])[], k = 60): Map<string, number> {
  const fused = new Map<string, number>();
  for (const list of lists) {
    list.forEach((id, i) => fused.set(id, (fused.get(id) ?? 0) + 1 / (k + i + 1)));
  }
  return fused;
}
