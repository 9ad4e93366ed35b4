/**
 * The links of the HNSW graph, on typed arrays: level 0 (where every node lives) as one Int32Array
 * of fixed-size lists [count, n1 … n(2m)], upper levels per node (only about 1 in m nodes has
 * any). A node's level is a byte; FREE marks a slot without a node.
 */
import { corrupt, type ByteReader, type ByteWriter } from './codec.ts';

export const FREE = 255;

export class HnswGraph {
  readonly m: number;
  readonly m0: number;
  levels = new Uint8Array(0);
  #layer0 = new Int32Array(0);
  #upper: (Int32Array | undefined)[] = [];
  entry = -1;
  maxLevel = 0;

  constructor(m: number) {
    this.m = m;
    this.m0 = 2 * m;
  }

  reserve(capacity: number): void {
    if (capacity <= this.levels.length) return;
    const levels = new Uint8Array(capacity).fill(FREE);
    levels.set(this.levels);
    this.levels = levels;
    const layer0 = new Int32Array(capacity * (this.m0 + 1));
    layer0.set(this.#layer0);
    this.#layer0 = layer0;
  }

  level(slot: number): number {
    return this.levels[slot] ?? FREE;
  }

  /** True when `slot` holds a node that reaches `level`. */
  usable(slot: number, level: number): boolean {
    const l = this.levels[slot] ?? FREE;
    return l !== FREE && l >= level;
  }

  /** Most links a node keeps on `level`. */
  capacity(level: number): number {
    return level === 0 ? this.m0 : this.m;
  }

  /** The array holding `slot`'s list on `level`; the list starts at `offset(slot, level)`. */
  array(slot: number, level: number): Int32Array {
    return level === 0 ? this.#layer0 : (this.#upper[slot] ?? this.#layer0);
  }

  offset(slot: number, level: number): number {
    return level === 0 ? slot * (this.m0 + 1) : (level - 1) * (this.m + 1);
  }

  neighbours(slot: number, level: number): number[] {
    const list = this.array(slot, level);
    const at = this.offset(slot, level);
    return Array.from(list.subarray(at + 1, at + 1 + (list[at] ?? 0)));
  }

  setNeighbours(slot: number, level: number, neighbours: readonly number[]): void {
    const list = this.array(slot, level);
    const at = this.offset(slot, level);
    list[at] = neighbours.length;
    list.set(neighbours, at + 1);
  }

  /** Adds `other` to `slot`'s list when there is room (or it is there); false when full. */
  append(slot: number, level: number, other: number): boolean {
    const list = this.array(slot, level);
    const at = this.offset(slot, level);
    const count = list[at] ?? 0;
    for (let t = 1; t <= count; t++) if (list[at + t] === other) return true;
    if (count >= this.capacity(level)) return false;
    list[at + 1 + count] = other;
    list[at] = count + 1;
    return true;
  }

  /** Removes `other` from `slot`'s list; false when it was not there. */
  unlink(slot: number, level: number, other: number): boolean {
    const list = this.array(slot, level);
    const at = this.offset(slot, level);
    const count = list[at] ?? 0;
    for (let t = 1; t <= count; t++) {
      if (list[at + t] !== other) continue;
      list[at + t] = list[at + count] ?? 0;
      list[at] = count - 1;
      return true;
    }
    return false;
  }

  /** Makes `slot` a node of `level` with no links yet. */
  place(slot: number, level: number): void {
    this.levels[slot] = level;
    this.#layer0[slot * (this.m0 + 1)] = 0;
    this.#upper[slot] = level > 0 ? new Int32Array(level * (this.m + 1)) : undefined;
  }

  setEntry(slot: number, level: number): void {
    this.entry = slot;
    this.maxLevel = level;
  }

  /** Frees `slot`; when it was the entry, the highest remaining node (lowest slot) takes over. */
  free(slot: number): void {
    this.levels[slot] = FREE;
    this.#layer0[slot * (this.m0 + 1)] = 0;
    this.#upper[slot] = undefined;
    if (this.entry === slot) this.#electEntry();
  }

  #electEntry(): void {
    this.entry = -1;
    this.maxLevel = 0;
    this.levels.forEach((level, slot) => {
      if (level !== FREE && (this.entry < 0 || level > this.maxLevel)) {
        this.entry = slot;
        this.maxLevel = level;
      }
    });
  }

  /** Levels, level-0 lists, upper lists and entry of slots 0 … used − 1. */
  write(out: ByteWriter, used: number): void {
    out.bytes(this.levels.slice(0, used));
    out.bytes(new Uint8Array(this.#layer0.buffer, 0, used * (this.m0 + 1) * 4));
    for (let slot = 0; slot < used; slot++) {
      const upper = this.#upper[slot];
      if (upper) out.bytes(new Uint8Array(upper.buffer, upper.byteOffset, upper.byteLength));
    }
    out.u32(this.entry >>> 0);
    out.u32(this.maxLevel);
  }

  /** Reads what `write` wrote, checking every link points at a slot below `used`. */
  read(input: ByteReader, used: number): void {
    this.reserve(used);
    const at = input.take(used);
    this.levels.set(input.bytes.subarray(at, at + used));
    const layer0 = input.int32s(used * (this.m0 + 1));
    this.#checkLists(layer0, used, this.m0, used);
    this.#layer0.set(layer0);
    for (let slot = 0; slot < used; slot++) {
      const level = this.level(slot);
      if (level === FREE) continue;
      if (level > 15) throw corrupt('a node level is out of range');
      if (level === 0) continue;
      const upper = input.int32s(level * (this.m + 1));
      this.#checkLists(upper, level, this.m, used);
      this.#upper[slot] = upper;
    }
    const entry = input.u32() | 0;
    const maxLevel = input.u32();
    this.#electEntry();
    if (entry !== this.entry && !(entry >= 0 && entry < used && this.level(entry) === maxLevel)) {
      throw corrupt('entry point is not a top-level node');
    }
    if (maxLevel !== this.maxLevel) throw corrupt('entry level does not match the nodes');
    this.entry = entry;
  }

  #checkLists(lists: Int32Array, count: number, capacity: number, used: number): void {
    for (let i = 0; i < count; i++) {
      const at = i * (capacity + 1);
      const n = lists[at] ?? -1;
      if (n < 0 || n > capacity) throw corrupt('a link list is too long');
      for (let t = 1; t <= n; t++) {
        const target = lists[at + t] ?? -1;
        if (target < 0 || target >= used) throw corrupt('a link points outside the index');
      }
    }
  }
}
