/**
 * A binary heap of (score, slot) pairs on typed arrays, without an object per entry: the graph
 * search pushes and pops thousands of them per query. `min` keeps the lowest score on top,
 * `max` the highest.
 */
export class ScoreHeap {
  #scores: Float64Array;
  #slots: Int32Array;
  #size = 0;
  /** +1 for a min-heap, −1 for a max-heap: scores are stored multiplied by it. */
  readonly #sign: number;

  constructor(order: 'min' | 'max', capacity = 64) {
    this.#sign = order === 'min' ? 1 : -1;
    this.#scores = new Float64Array(capacity);
    this.#slots = new Int32Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  clear(): void {
    this.#size = 0;
  }

  /** Score on top; undefined behaviour when empty (check `size`). */
  topScore(): number {
    return (this.#scores[0] ?? 0) * this.#sign;
  }

  topSlot(): number {
    return this.#slots[0] ?? -1;
  }

  push(score: number, slot: number): void {
    if (this.#size === this.#scores.length) this.#grow();
    const scores = this.#scores;
    const slots = this.#slots;
    const s = score * this.#sign;
    let i = this.#size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const ps = scores[parent] ?? 0;
      if (ps <= s) break;
      scores[i] = ps;
      slots[i] = slots[parent] ?? 0;
      i = parent;
    }
    scores[i] = s;
    slots[i] = slot;
  }

  /** Removes the top and returns its slot. */
  pop(): number {
    const scores = this.#scores;
    const slots = this.#slots;
    const top = slots[0] ?? -1;
    const n = --this.#size;
    if (n <= 0) return top;
    const s = scores[n] ?? 0;
    const slot = slots[n] ?? 0;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && (scores[right] ?? 0) < (scores[left] ?? 0) ? right : left;
      const cs = scores[child] ?? 0;
      if (cs >= s) break;
      scores[i] = cs;
      slots[i] = slots[child] ?? 0;
      i = child;
    }
    scores[i] = s;
    slots[i] = slot;
    return top;
  }

  /** Every slot in heap order (not sorted). */
  slotsView(): Int32Array {
    return this.#slots.subarray(0, this.#size);
  }

  /** Score of entry `i` in heap order. */
  scoreAt(i: number): number {
    return (this.#scores[i] ?? 0) * this.#sign;
  }

  #grow(): void {
    const scores = new Float64Array(this.#scores.length * 2);
    scores.set(this.#scores);
    const slots = new Int32Array(this.#slots.length * 2);
    slots.set(this.#slots);
    this.#scores = scores;
    this.#slots = slots;
  }
}
