/**
 * Exact top-k search: one SIMD scan over int8 codes, then an exact float re-rank of only the
 * vectors whose error bound can still reach the k-th best (see quantize.ts). The result is what a
 * float32 scan would return, at a quarter of the memory traffic. Slots stay dense: removing moves
 * the last slot into the hole, so a scan never skips.
 */
import { ByteWriter, corrupt, openEnvelope } from './codec.ts';
import type { Kernels } from './kernels.ts';
import { normalize } from './quantize.ts';
import { ScoreHeap } from './score-heap.ts';
import { readSlots, writeSlots } from './slot-codec.ts';
import { VectorStore } from './vector-store.ts';
import {
  checkDims,
  checkK,
  compareHits,
  type SearchHit,
  type VectorIndex,
} from './vector-index.ts';

export interface ExactOptions {
  /** Kernels to run on (tests pass the JS ones); SIMD where available by default. */
  kernels?: Kernels;
}

export class ExactIndex<Id extends string = string> implements VectorIndex<Id> {
  readonly kind = 'exact';
  readonly dims: number;
  readonly #store: VectorStore;
  #ids: Id[] = [];
  readonly #slotOf = new Map<Id, number>();
  readonly #lower = new ScoreHeap('min', 16);

  constructor(dims: number, options: ExactOptions = {}) {
    checkDims(dims);
    this.dims = dims;
    this.#store = new VectorStore(dims, options.kernels);
  }

  get size(): number {
    return this.#ids.length;
  }

  /** Which kernels run the scan ('wasm-simd' or 'js'). */
  get kernelName(): string {
    return this.#store.kernels.name;
  }

  upsert(id: Id, vector: ArrayLike<number>): void {
    const x = normalize(vector, this.dims);
    let slot = this.#slotOf.get(id);
    if (slot === undefined) {
      slot = this.#ids.length;
      this.#store.reserve(slot + 1);
      this.#ids.push(id);
      this.#slotOf.set(id, slot);
    }
    this.#store.write(slot, x);
  }

  remove(id: Id): boolean {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return false;
    const last = this.#ids.length - 1;
    const moved = this.#ids[last];
    if (slot !== last && moved !== undefined) {
      this.#store.move(last, slot);
      this.#ids[slot] = moved;
      this.#slotOf.set(moved, slot);
    }
    this.#ids.pop();
    this.#slotOf.delete(id);
    return true;
  }

  has(id: Id): boolean {
    return this.#slotOf.has(id);
  }

  ids(): Id[] {
    return [...this.#ids];
  }

  vector(id: Id): Float32Array | undefined {
    const slot = this.#slotOf.get(id);
    return slot === undefined ? undefined : this.#store.floats(slot).slice();
  }

  search(query: ArrayLike<number>, k: number): SearchHit<Id>[] {
    checkK(k);
    const q = normalize(query, this.dims);
    const n = this.#ids.length;
    const want = Math.min(k, n);
    if (want === 0) return [];
    const store = this.#store;
    store.prepareQuery(q);
    store.scanBounds(n);
    const { low, high } = store;
    // Pass 1: the k-th best lower bound; most vectors fail one comparison with the running
    // threshold. Pass 2: exact scores for every vector whose upper bound reaches it — no vector
    // outside that set can belong to the exact top k.
    const lower = this.#lower;
    lower.clear();
    let floor = -Infinity;
    for (let i = 0; i < n; i++) {
      const value = low[i] ?? -Infinity;
      if (value <= floor) continue;
      lower.push(value, i);
      if (lower.size > want) lower.pop();
      if (lower.size === want) floor = lower.topScore();
    }
    // The slack covers float32 rounding in the bounds, far below any real score difference.
    const threshold = floor - 1e-6;
    const hits: SearchHit<Id>[] = [];
    for (let i = 0; i < n; i++) {
      if ((high[i] ?? 0) >= threshold) {
        hits.push({ id: this.#ids[i] as Id, score: store.exact(i, q) });
      }
    }
    return hits.sort(compareHits).slice(0, want);
  }

  serialize(): Uint8Array {
    const out = new ByteWriter();
    writeSlots(out, this.#ids, this.#store);
    return out.finish('exact', this.dims);
  }

  /**
   * Reads bytes written by `serialize`; `vector-index-corrupt` when they are damaged or hold
   * another kind. `isId` checks each id's form when given.
   */
  static load<Id extends string = string>(
    bytes: Uint8Array,
    options: ExactOptions & { isId?: (value: string) => value is Id } = {},
  ): ExactIndex<Id> {
    const { kind, dims, payload } = openEnvelope(bytes);
    if (kind !== 'exact') throw corrupt(`holds a ${kind} index, not an exact one`);
    const index = new ExactIndex<Id>(dims, options);
    const ids = readSlots(payload, index.#store, options.isId);
    payload.end();
    for (const [slot, id] of ids.entries()) {
      if (id === undefined) throw corrupt('an exact index has no free slots');
      index.#ids.push(id);
      index.#slotOf.set(id, slot);
    }
    return index;
  }
}
