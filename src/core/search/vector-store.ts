/**
 * Numbered slots of unit vectors, each kept twice: as float32 (for exact scores) and as int8 codes
 * with a scale and residual (for the SIMD kernels). The kernels' memory holds, in order: the codes
 * (contiguous from 0, so a scan streams them and growing never moves them), scales, residuals,
 * then scratch — the query, the scan's low/high bounds, a slot list and its outputs. Everything
 * after the codes moves when capacity grows (scales and residuals are copied, a few bytes per
 * slot). Float32 vectors live in JS chunks of 1,024, so growing never copies them.
 */
import { createKernels, type Kernels } from './kernels.ts';
import { dot, quantizeInto } from './quantize.ts';

/** Largest count passed to `gather` / `gatherCodes` at once. */
export const SCRATCH_SLOTS = 4096;
const CHUNK_SHIFT = 10;
const CHUNK = 1 << CHUNK_SHIFT;
const CODE_LIMIT = 127;

const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/** Byte offsets of the regions in the kernels' memory (codes start at 0). */
interface Layout {
  scales: number;
  residuals: number;
  query: number;
  low: number;
  high: number;
  slots: number;
  out: number;
  end: number;
}

export class VectorStore {
  readonly dims: number;
  /** Bytes per code vector: dims rounded up to the 16-byte SIMD lane. */
  readonly dpad: number;
  readonly kernels: Kernels;
  /** Largest integer a query may hold so dpad · 127 · it stays below 2^31. */
  readonly #queryLimit: number;
  #capacity = 0;
  #chunks: Float32Array[] = [];
  // Views into the kernels' memory, rebuilt whenever it grows (growth detaches the old buffer).
  codes = new Int8Array(0);
  /** Per slot: the float32 scale of its codes. */
  scales = new Float32Array(0);
  /** Per slot: ‖x − scale·codes‖. */
  residuals = new Float32Array(0);
  query = new Int16Array(0);
  /** Per slot after `scanBounds`: the lowest and highest its exact score can be. */
  low = new Float32Array(0);
  high = new Float32Array(0);
  slots = new Int32Array(0);
  out = new Int32Array(0);
  #at: Layout = { scales: 0, residuals: 0, query: 0, low: 0, high: 0, slots: 0, out: 0, end: 0 };
  /** Scale and error of the prepared query. */
  queryScale = 0;
  queryError = 0;

  constructor(dims: number, kernels: Kernels = createKernels()) {
    this.dims = dims;
    this.dpad = align16(Math.max(dims, 1));
    this.kernels = kernels;
    this.#queryLimit = Math.min(32_767, Math.floor(0x7fffffff / (this.dpad * CODE_LIMIT)));
    this.reserve(CHUNK);
  }

  get capacity(): number {
    return this.#capacity;
  }

  /** Makes room for slots 0 … `count` − 1, doubling so that appends stay amortized O(1). */
  reserve(count: number): void {
    if (count <= this.#capacity) return;
    const capacity = Math.max(count, this.#capacity * 2, CHUNK);
    const scales = this.scales.slice();
    const residuals = this.residuals.slice();
    const at: Layout = { ...this.#at, scales: align16(capacity * this.dpad) };
    at.residuals = at.scales + capacity * 4;
    at.query = align16(at.residuals + capacity * 4);
    at.low = align16(at.query + this.dpad * 2);
    at.high = at.low + capacity * 4;
    at.slots = at.high + capacity * 4;
    at.out = at.slots + SCRATCH_SLOTS * 4;
    at.end = at.out + SCRATCH_SLOTS * 4;
    this.kernels.ensure(at.end);
    this.#at = at;
    while (this.#chunks.length * CHUNK < capacity) {
      this.#chunks.push(new Float32Array(CHUNK * this.dims));
    }
    this.#capacity = capacity;
    this.#views();
    this.scales.set(scales);
    this.residuals.set(residuals);
  }

  #views(): void {
    const buffer = this.kernels.buffer();
    const at = this.#at;
    const n = this.#capacity;
    this.codes = new Int8Array(buffer, 0, n * this.dpad);
    this.scales = new Float32Array(buffer, at.scales, n);
    this.residuals = new Float32Array(buffer, at.residuals, n);
    this.query = new Int16Array(buffer, at.query, this.dpad);
    this.low = new Float32Array(buffer, at.low, n);
    this.high = new Float32Array(buffer, at.high, n);
    this.slots = new Int32Array(buffer, at.slots, SCRATCH_SLOTS);
    this.out = new Int32Array(buffer, at.out, SCRATCH_SLOTS);
  }

  /** The float32 vector of `slot`, as a view (not a copy). */
  floats(slot: number): Float32Array {
    const chunk = this.#chunks[slot >> CHUNK_SHIFT] ?? new Float32Array(0);
    const at = (slot & (CHUNK - 1)) * this.dims;
    return chunk.subarray(at, at + this.dims);
  }

  /** Stores the unit vector `x` in `slot` (reserved before). */
  write(slot: number, x: Float32Array): void {
    this.floats(slot).set(x);
    const q = quantizeInto(x, CODE_LIMIT, this.codes, slot * this.dpad, this.dpad);
    this.scales[slot] = q.scale;
    this.residuals[slot] = q.residual;
  }

  /** Copies slot `from` over slot `to`. */
  move(from: number, to: number): void {
    this.floats(to).set(this.floats(from));
    this.codes.copyWithin(to * this.dpad, from * this.dpad, (from + 1) * this.dpad);
    this.scales[to] = this.scales[from] ?? 0;
    this.residuals[to] = this.residuals[from] ?? 0;
  }

  /** Exact score of `slot` against the unit vector `q`. */
  exact(slot: number, q: Float32Array): number {
    const chunk = this.#chunks[slot >> CHUNK_SHIFT] ?? new Float32Array(0);
    return dot(chunk, (slot & (CHUNK - 1)) * this.dims, q, this.dims);
  }

  /** Quantizes the unit vector `q` into the query scratch for the next scan or gather. */
  prepareQuery(q: Float32Array): void {
    const { scale, residual } = quantizeInto(q, this.#queryLimit, this.query, 0, this.dpad);
    this.queryScale = scale;
    this.queryError = residual;
  }

  /** Fills `low` and `high` for slots 0 … n − 1 against the prepared query. */
  scanBounds(n: number): void {
    const at = this.#at;
    this.kernels.scanBounds(
      0,
      n,
      this.dpad,
      at.query,
      at.scales,
      at.residuals,
      this.queryScale,
      this.queryError,
      at.low,
      at.high,
    );
  }

  /** Integer dots of the prepared query with `slots[0 … count − 1]`, in `out`. */
  gather(count: number): void {
    const at = this.#at;
    this.kernels.gather(0, this.dpad, at.slots, count, at.query, at.out);
  }

  /** Integer dots of slot `a`'s codes with `slots[0 … count − 1]`, in `out`. */
  gatherCodes(a: number, count: number): void {
    const at = this.#at;
    this.kernels.gatherCodes(0, this.dpad, a, at.slots, count, at.out);
  }

  /** Raw bytes of slots 0 … n − 1 for serialization: floats, codes, scales, residuals. */
  exportSlots(n: number): Uint8Array[] {
    const parts: Uint8Array[] = [];
    for (let c = 0; c * CHUNK < n; c++) {
      const chunk = this.#chunks[c] ?? new Float32Array(0);
      const count = Math.min(CHUNK, n - c * CHUNK);
      parts.push(new Uint8Array(chunk.buffer, chunk.byteOffset, count * this.dims * 4));
    }
    parts.push(new Uint8Array(this.codes.buffer, this.codes.byteOffset, n * this.dpad));
    parts.push(new Uint8Array(this.scales.buffer, this.scales.byteOffset, n * 4));
    parts.push(new Uint8Array(this.residuals.buffer, this.residuals.byteOffset, n * 4));
    return parts;
  }

  /** Bytes `exportSlots(n)` writes. */
  slotBytes(n: number): number {
    return n * (this.dims * 4 + this.dpad + 8);
  }

  /** Reads what `exportSlots(n)` wrote, from `bytes` at `at` (4-byte aligned offsets not needed). */
  importSlots(n: number, bytes: Uint8Array, at: number): void {
    this.reserve(n);
    let p = at;
    for (let c = 0; c * CHUNK < n; c++) {
      const chunk = this.#chunks[c] ?? new Float32Array(0);
      const len = Math.min(CHUNK, n - c * CHUNK) * this.dims * 4;
      new Uint8Array(chunk.buffer, chunk.byteOffset, len).set(bytes.subarray(p, p + len));
      p += len;
    }
    this.codes.set(new Int8Array(bytes.buffer, bytes.byteOffset + p, n * this.dpad));
    p += n * this.dpad;
    new Uint8Array(this.scales.buffer, this.scales.byteOffset, n * 4).set(
      bytes.subarray(p, p + n * 4),
    );
    p += n * 4;
    new Uint8Array(this.residuals.buffer, this.residuals.byteOffset, n * 4).set(
      bytes.subarray(p, p + n * 4),
    );
  }
}
