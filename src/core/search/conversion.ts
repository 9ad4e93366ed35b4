/**
 * Turns an index into the other kind a slice at a time. A graph of 100k vectors takes minutes
 * to build; done in one go, under the store's lock, it would hold every save, list and search
 * that long. Meanwhile the source stays in use (exact search is correct at any size, only
 * slower), and the owner passes every change of the source on to `upsert` and `remove`.
 */
import { ExactIndex } from './exact-index.ts';
import { HnswIndex, type HnswOptions } from './hnsw-index.ts';
import type { VectorIndex } from './vector-index.ts';

export class IndexConversion<Id extends string = string> {
  readonly target: VectorIndex<Id>;
  /** Ids still to copy, in reverse id order (popped from the end, so copied in id order). */
  readonly #pending: Id[];
  /** Ids changed since the start: the change already reached the target. */
  readonly #touched = new Set<Id>();

  constructor(source: VectorIndex<Id>, kind: VectorIndex['kind'], options: HnswOptions = {}) {
    this.target =
      kind === 'exact'
        ? new ExactIndex<Id>(source.dims, options)
        : new HnswIndex<Id>(source.dims, options);
    this.#pending = source.ids().sort().reverse();
  }

  /** Ids left to copy. */
  get remaining(): number {
    return this.#pending.length;
  }

  /** Copies up to `count` more vectors from `source` (the index being replaced); true when done. */
  step(source: VectorIndex<Id>, count: number): boolean {
    let copied = 0;
    while (copied < count && this.#pending.length > 0) {
      const id = this.#pending.pop() as Id;
      if (this.#touched.has(id)) continue;
      const vector = source.vector(id);
      if (vector) {
        this.target.upsert(id, vector);
        copied++;
      }
    }
    return this.#pending.length === 0;
  }

  /** The source got or changed `id`. */
  upsert(id: Id, vector: ArrayLike<number>): void {
    this.target.upsert(id, vector);
    this.#touched.add(id);
  }

  /** The source lost `id`. */
  remove(id: Id): void {
    this.target.remove(id);
    this.#touched.add(id);
  }
}
