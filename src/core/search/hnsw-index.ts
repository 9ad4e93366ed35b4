/**
 * Approximate search for collections beyond what a scan answers in time: a hierarchical navigable
 * small world graph (Malkov & Yashunin, 2016) with the neighbour-selection heuristic. The walk
 * scores int8 codes with the SIMD kernels; the best 40 of the `ef` found (at least 4 × k) are
 * re-ranked with exact float32 scores. Levels come from a seeded generator, so the same seed and the same calls give the same
 * graph. Removing repairs the removed node's neighbours at once (no tombstones, no rebuild); its
 * slot is reused by the next insert. Links from nodes it did not list may still point at the slot:
 * the walk skips free slots, and once reused such a link is just one more long-range edge.
 */
import { KianaError } from '@kiana/shared/errors';
import { ByteWriter, corrupt, openEnvelope } from './codec.ts';
import { HnswGraph, FREE } from './hnsw-graph.ts';
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
  type SearchOptions,
  type VectorIndex,
} from './vector-index.ts';

export interface HnswOptions {
  /** Links per node on the upper levels (twice that on level 0). Default 16. */
  m?: number;
  /** Candidates kept while inserting: more is slower to build and better connected. Default 100. */
  efConstruction?: number;
  /**
   * Candidates kept while searching (at least k): more is slower and finds more. Default 512:
   * at 1M bench vectors it found 97.7 % of the exact top 10 in 7.8 ms (256: 91.5 % in 4.2 ms).
   */
  efSearch?: number;
  /** Seed of the level generator. Default 1. */
  seed?: number;
  /** Kernels to run on; SIMD where available by default. */
  kernels?: Kernels;
}

const DEFAULTS = { m: 16, efConstruction: 100, efSearch: 512, seed: 1 };
/** Candidates re-scored exactly after the walk (at least 4 × k). */
const RESCORED = 40;
const MAX_EF = 4096;

export class HnswIndex<Id extends string = string> implements VectorIndex<Id> {
  readonly kind = 'hnsw';
  readonly dims: number;
  readonly m: number;
  readonly efConstruction: number;
  /** May be changed between searches to trade speed for recall. */
  efSearch: number;
  readonly #store: VectorStore;
  readonly #graph: HnswGraph;
  #ids: (Id | undefined)[] = [];
  readonly #slotOf = new Map<Id, number>();
  /** Free slots, reused last-freed first. */
  #free: number[] = [];
  #rng: number;
  /** Per slot the tag of the last search that reached it (16 bits: half the memory to miss in). */
  #visited = new Uint16Array(0);
  #tag = 0;
  readonly #candidates = new ScoreHeap('max');
  readonly #best = new ScoreHeap('min');

  constructor(dims: number, options: HnswOptions = {}) {
    checkDims(dims);
    const { m, efConstruction, efSearch, seed } = { ...DEFAULTS, ...options };
    if (!Number.isInteger(m) || m < 2 || m > 64) {
      throw new KianaError('vector-invalid', `m must be 2–64, not ${m}`);
    }
    this.dims = dims;
    this.m = m;
    this.efConstruction = clampEf(efConstruction);
    this.efSearch = clampEf(efSearch);
    this.#rng = seed >>> 0;
    this.#store = new VectorStore(dims, options.kernels);
    this.#graph = new HnswGraph(m);
  }

  get size(): number {
    return this.#slotOf.size;
  }

  has(id: Id): boolean {
    return this.#slotOf.has(id);
  }

  ids(): Id[] {
    return [...this.#slotOf.keys()];
  }

  vector(id: Id): Float32Array | undefined {
    const slot = this.#slotOf.get(id);
    return slot === undefined ? undefined : this.#store.floats(slot).slice();
  }

  upsert(id: Id, vector: ArrayLike<number>): void {
    const x = normalize(vector, this.dims);
    this.remove(id);
    const slot = this.#free.pop() ?? this.#ids.length;
    if (slot === this.#ids.length) this.#ids.push(undefined);
    this.#reserve(slot + 1);
    this.#ids[slot] = id;
    this.#slotOf.set(id, slot);
    this.#insert(slot, x);
  }

  remove(id: Id): boolean {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return false;
    const graph = this.#graph;
    for (let level = 0; level <= graph.level(slot); level++) {
      const former = graph.neighbours(slot, level).filter((n) => graph.usable(n, level));
      for (const y of former) {
        if (!graph.unlink(y, level, slot)) continue;
        const pool = new Set([...graph.neighbours(y, level), ...former]);
        pool.delete(y);
        pool.delete(slot);
        this.#relink(
          y,
          level,
          [...pool].filter((n) => graph.usable(n, level)),
        );
      }
    }
    graph.free(slot);
    this.#ids[slot] = undefined;
    this.#slotOf.delete(id);
    this.#free.push(slot);
    return true;
  }

  search(query: ArrayLike<number>, k: number, options: SearchOptions = {}): SearchHit<Id>[] {
    checkK(k);
    const { effort } = options;
    const ef = effort !== undefined && Number.isFinite(effort) ? clampEf(effort) : this.efSearch;
    const q = normalize(query, this.dims);
    const want = Math.min(k, this.size);
    if (want === 0) return [];
    this.#store.prepareQuery(q);
    this.#walk(Math.max(ef, want), 0, -1);
    // Only the best few by their int8 score get an exact float32 score: the walk needs all `ef`
    // candidates, the ranking does not. On the bench's data the true top 10 sat within the
    // int8 top 40 (recall unchanged at every efSearch), and re-scoring all 512 was ~20 % of a
    // search. From k = 14 on, 40 beyond k are re-scored rather than 4k (the hybrid search asks
    // for 120, `vectors.nearest` for twice its limit): recall@10, @50 and @200 unchanged on 100k
    // of that data, 5 % less time for k = 220.
    // #best keeps its worst on top, so popping leaves the best.
    const keep = Math.max(RESCORED, Math.min(4 * want, want + RESCORED));
    while (this.#best.size > keep) this.#best.pop();
    const best = this.#best.slotsView();
    const hits: SearchHit<Id>[] = [];
    for (const slot of best) {
      hits.push({ id: this.#ids[slot] as Id, score: this.#store.exact(slot, q) });
    }
    return hits.sort(compareHits).slice(0, want);
  }

  /** Greedy descent from the entry point to `bottom`, then a beam of `ef` on it, into #best. */
  #walk(ef: number, bottom: number, exclude: number): void {
    const graph = this.#graph;
    const best = this.#best;
    best.clear();
    this.#seed(graph.entry, exclude);
    for (let level = graph.maxLevel; level > bottom; level--) {
      this.#searchLayer(1, level, exclude);
      const top = this.#bestSorted()[0];
      best.clear();
      if (top) this.#seed(top.slot, exclude);
    }
    this.#searchLayer(ef, bottom, exclude);
  }

  /** Puts `slot` into #best with its approximate score (the prepared query). */
  #seed(slot: number, exclude: number): void {
    if (slot < 0 || slot === exclude) return;
    const store = this.#store;
    store.slots[0] = slot;
    store.gather(1);
    this.#best.push((store.out[0] ?? 0) * (store.scales[slot] ?? 0) * store.queryScale, slot);
  }

  /** #best (seeded) grows into the `ef` best of `level` reachable from it. */
  #searchLayer(ef: number, level: number, exclude: number): void {
    const graph = this.#graph;
    const store = this.#store;
    const { slots, out, scales } = store;
    const qs = store.queryScale;
    const visited = this.#visited;
    const tag = this.#nextTag();
    const best = this.#best;
    const candidates = this.#candidates;
    candidates.clear();
    if (exclude >= 0) visited[exclude] = tag;
    const seeds = best.slotsView();
    for (let i = 0; i < seeds.length; i++) {
      const s = seeds[i] ?? 0;
      visited[s] = tag;
      candidates.push(best.scoreAt(i), s);
    }
    const levels = graph.levels;
    // The worst score #best keeps once full (−∞ before): read once per change, not per neighbour.
    let worst = best.size >= ef ? best.topScore() : -Infinity;
    while (candidates.size > 0) {
      if (candidates.topScore() < worst) break;
      const current = candidates.pop();
      const list = graph.array(current, level);
      const at = graph.offset(current, level);
      const end = at + (list[at] ?? 0);
      let m = 0;
      for (let p = at + 1; p <= end; p++) {
        const n = list[p] ?? 0;
        if (visited[n] === tag) continue;
        visited[n] = tag;
        slots[m++] = n;
      }
      if (m === 0) continue;
      store.gather(m);
      for (let t = 0; t < m; t++) {
        const n = slots[t] ?? 0;
        const score = (out[t] ?? 0) * (scales[n] ?? 0) * qs;
        // A free slot (or one below `level`) is scored with the rest and only skipped here: its
        // codes are still memory, and checking the few that would be kept is cheaper than all.
        if (score > worst && (levels[n] ?? FREE) !== FREE && (levels[n] ?? 0) >= level) {
          candidates.push(score, n);
          best.push(score, n);
          if (best.size > ef) best.pop();
          if (best.size >= ef) worst = best.topScore();
        }
      }
    }
  }

  /** #best as (slot, score), best first. */
  #bestSorted(): { slot: number; score: number }[] {
    const best = this.#best;
    const all = Array.from(best.slotsView(), (slot, i) => ({ slot, score: best.scoreAt(i) }));
    return all.sort((a, b) => b.score - a.score || a.slot - b.slot);
  }

  #insert(slot: number, x: Float32Array): void {
    const graph = this.#graph;
    const store = this.#store;
    store.write(slot, x);
    const level = this.#randomLevel();
    graph.place(slot, level);
    if (graph.entry < 0) {
      graph.setEntry(slot, level);
      return;
    }
    store.prepareQuery(x);
    const top = Math.min(level, graph.maxLevel);
    this.#walk(this.efConstruction, top, slot);
    for (let l = top; l >= 0; l--) {
      if (l < top) this.#searchLayer(this.efConstruction, l, slot);
      const found = this.#bestSorted();
      const chosen = this.#select(found, this.m);
      graph.setNeighbours(slot, l, chosen);
      for (const n of chosen) {
        if (!graph.append(n, l, slot)) this.#relink(n, l, [...graph.neighbours(n, l), slot]);
      }
    }
    if (level > graph.maxLevel) graph.setEntry(slot, level);
  }

  /** Re-chooses `y`'s links on `level` from `pool` with the heuristic. */
  #relink(y: number, level: number, pool: number[]): void {
    const store = this.#store;
    const scored: { slot: number; score: number }[] = [];
    for (let start = 0; start < pool.length; start += store.slots.length) {
      const part = pool.slice(start, start + store.slots.length);
      store.slots.set(part);
      store.gatherCodes(y, part.length);
      const sy = store.scales[y] ?? 0;
      part.forEach((slot, t) => {
        scored.push({ slot, score: (store.out[t] ?? 0) * sy * (store.scales[slot] ?? 0) });
      });
    }
    scored.sort((a, b) => b.score - a.score || a.slot - b.slot);
    this.#graph.setNeighbours(y, level, this.#select(scored, this.#graph.capacity(level)));
  }

  /**
   * The heuristic of the HNSW paper (algorithm 4): walking candidates best first, keep one only
   * if it is closer to the base than to every one kept, so links spread over directions instead
   * of crowding one cluster.
   */
  #select(sorted: readonly { slot: number; score: number }[], limit: number): number[] {
    const store = this.#store;
    const kept: number[] = [];
    for (const { slot, score } of sorted) {
      if (kept.length >= limit) break;
      store.slots.set(kept);
      store.gatherCodes(slot, kept.length);
      const sc = store.scales[slot] ?? 0;
      let good = true;
      for (let t = 0; t < kept.length; t++) {
        const other = (store.out[t] ?? 0) * sc * (store.scales[kept[t] ?? 0] ?? 0);
        if (other > score) {
          good = false;
          break;
        }
      }
      if (good) kept.push(slot);
    }
    return kept;
  }

  /** Level of a new node: geometric with ratio 1/m (mulberry32 as the generator). */
  #randomLevel(): number {
    this.#rng = (this.#rng + 0x6d2b79f5) | 0;
    let t = Math.imul(this.#rng ^ (this.#rng >>> 15), 1 | this.#rng);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.min(Math.floor(-Math.log(1 - u) / Math.log(this.m)), 15);
  }

  #nextTag(): number {
    if (this.#tag === 0xffff) {
      this.#visited.fill(0);
      this.#tag = 0;
    }
    return ++this.#tag;
  }

  #reserve(count: number): void {
    this.#store.reserve(count);
    const capacity = this.#store.capacity;
    this.#graph.reserve(capacity);
    if (this.#visited.length < capacity) {
      const visited = new Uint16Array(capacity);
      visited.set(this.#visited);
      this.#visited = visited;
    }
  }

  serialize(): Uint8Array {
    const out = new ByteWriter();
    for (const value of [this.m, this.efConstruction, this.efSearch, this.#rng >>> 0]) {
      out.u32(value);
    }
    writeSlots(out, this.#ids, this.#store);
    out.u32(this.#free.length);
    out.bytes(new Uint8Array(Int32Array.from(this.#free).buffer));
    this.#graph.write(out, this.#ids.length);
    return out.finish('hnsw', this.dims);
  }

  /** Reads bytes written by `serialize`; `vector-index-corrupt` when they are damaged. */
  static load<Id extends string = string>(
    bytes: Uint8Array,
    options: { kernels?: Kernels; isId?: (value: string) => value is Id } = {},
  ): HnswIndex<Id> {
    const { kind, dims, payload } = openEnvelope(bytes);
    if (kind !== 'hnsw') throw corrupt(`holds a ${kind} index, not an hnsw one`);
    const [m = 0, efConstruction = 0, efSearch = 0, rng = 0] = payload.int32s(4);
    if (m < 2 || m > 64 || !validEf(efConstruction) || !validEf(efSearch)) {
      throw corrupt('graph parameters out of range');
    }
    const index = new HnswIndex<Id>(dims, { m, efConstruction, efSearch, seed: rng, ...options });
    const ids = readSlots(payload, index.#store, options.isId);
    index.#reserve(ids.length);
    const free = Array.from(payload.int32s(payload.u32()));
    index.#graph.read(payload, ids.length);
    payload.end();
    const freeSlots = ids.flatMap((id, slot) => (id === undefined ? [slot] : []));
    const graph = index.#graph;
    if (ids.some((id, slot) => (id === undefined) !== (graph.level(slot) === FREE))) {
      throw corrupt('free slots and graph disagree');
    }
    if ([...free].sort((a, b) => a - b).join() !== freeSlots.join()) {
      throw corrupt('free list does not match the free slots');
    }
    index.#ids = ids;
    index.#free = free;
    for (const [slot, id] of ids.entries()) if (id !== undefined) index.#slotOf.set(id, slot);
    return index;
  }
}

function validEf(ef: number): boolean {
  return Number.isInteger(ef) && ef >= 1 && ef <= MAX_EF;
}

function clampEf(ef: number): number {
  return Math.max(1, Math.min(MAX_EF, Math.floor(ef)));
}
