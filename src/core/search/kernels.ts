/**
 * The dot-product kernels of the vector index over one linear memory: the WebAssembly SIMD module
 * assembled from kernels.wat where the engine supports SIMD (every current browser and Node), and
 * the same loops in plain JS elsewhere (they double as the reference the unit test compares).
 * Addresses are byte offsets into `buffer()`; int16 and int32 areas must be 4-byte aligned.
 */
import { compileBase64 } from '../wasm.ts';
import { KERNELS_WASM_BASE64 } from './kernels-wasm.ts';

export interface Kernels {
  /** 'wasm-simd' or 'js': which implementation runs, for the bench and diagnostics. */
  readonly name: 'wasm-simd' | 'js';
  /** The current memory; a new object after `ensure` grew it. */
  buffer(): ArrayBuffer;
  /** Grows the memory to hold at least `bytes`; contents are kept. */
  ensure(bytes: number): void;
  /**
   * For the first `n` int8 vectors of `dpad` bytes (q is int16): approx = (codes[i] · q) ·
   * scales[i] · qs and b = r + (1 + r) · qe with r = residuals[i], in float32; writes
   * low[i] = approx − b and high[i] = approx + b.
   */
  scanBounds(
    codes: number,
    n: number,
    dpad: number,
    q: number,
    scales: number,
    residuals: number,
    qs: number,
    qe: number,
    low: number,
    high: number,
  ): void;
  /** out[t] = codes[slots[t]] · q for `count` int32 slot numbers. */
  gather(codes: number, dpad: number, slots: number, count: number, q: number, out: number): void;
  /** out[t] = codes[a] · codes[slots[t]], both int8. */
  gatherCodes(
    codes: number,
    dpad: number,
    a: number,
    slots: number,
    count: number,
    out: number,
  ): void;
}

const PAGE = 65_536;

interface WasmExports {
  memory: WebAssembly.Memory;
  scanBounds: Kernels['scanBounds'];
  gather: Kernels['gather'];
  gatherCodes: Kernels['gatherCodes'];
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where this engine lacks WebAssembly SIMD. Compiled once. */
function wasmModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = compileBase64(KERNELS_WASM_BASE64);
  return compiled;
}

function wasmKernels(module: WebAssembly.Module): Kernels {
  const exports = new WebAssembly.Instance(module).exports as unknown as WasmExports;
  const memory = exports.memory;
  return {
    name: 'wasm-simd',
    buffer: () => memory.buffer,
    ensure(bytes) {
      const missing = Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE;
      if (missing > 0) memory.grow(missing);
    },
    scanBounds: exports.scanBounds,
    gather: exports.gather,
    gatherCodes: exports.gatherCodes,
  };
}

/** The same kernels in JS over an ArrayBuffer that is copied on growth. */
export function jsKernels(): Kernels {
  let buffer = new ArrayBuffer(PAGE);
  let i8 = new Int8Array(buffer);
  let i16 = new Int16Array(buffer);
  let i32 = new Int32Array(buffer);
  let f32 = new Float32Array(buffer);
  const dotQ = (a: number, q: number, dpad: number): number => {
    let sum = 0;
    for (let j = 0; j < dpad; j++) sum += (i8[a + j] ?? 0) * (i16[(q >> 1) + j] ?? 0);
    return sum | 0;
  };
  const dotCodes = (a: number, b: number, dpad: number): number => {
    let sum = 0;
    for (let j = 0; j < dpad; j++) sum += (i8[a + j] ?? 0) * (i8[b + j] ?? 0);
    return sum | 0;
  };
  return {
    name: 'js',
    buffer: () => buffer,
    ensure(bytes) {
      if (bytes <= buffer.byteLength) return;
      const next = new ArrayBuffer(Math.ceil(bytes / PAGE) * PAGE);
      new Uint8Array(next).set(new Uint8Array(buffer));
      buffer = next;
      i8 = new Int8Array(buffer);
      i16 = new Int16Array(buffer);
      i32 = new Int32Array(buffer);
      f32 = new Float32Array(buffer);
    },
    scanBounds(codes, n, dpad, q, scales, residuals, qs, qe, low, high) {
      // Math.fround at every step: the same float32 arithmetic as the wasm, bit for bit.
      const fqs = Math.fround(qs);
      const fqe = Math.fround(qe);
      for (let i = 0; i < n; i++) {
        const raw = Math.fround(dotQ(codes + i * dpad, q, dpad));
        const approx = Math.fround(Math.fround(raw * (f32[(scales >> 2) + i] ?? 0)) * fqs);
        const r = f32[(residuals >> 2) + i] ?? 0;
        const b = Math.fround(r + Math.fround(Math.fround(1 + r) * fqe));
        f32[(low >> 2) + i] = approx - b;
        f32[(high >> 2) + i] = approx + b;
      }
    },
    gather(codes, dpad, slots, count, q, out) {
      for (let t = 0; t < count; t++) {
        const slot = i32[(slots >> 2) + t] ?? 0;
        i32[(out >> 2) + t] = dotQ(codes + slot * dpad, q, dpad);
      }
    },
    gatherCodes(codes, dpad, a, slots, count, out) {
      for (let t = 0; t < count; t++) {
        const slot = i32[(slots >> 2) + t] ?? 0;
        i32[(out >> 2) + t] = dotCodes(codes + a * dpad, codes + slot * dpad, dpad);
      }
    },
  };
}

/** A fresh set of kernels with its own memory: SIMD where available, JS otherwise. */
export function createKernels(): Kernels {
  const module = wasmModule();
  return module ? wasmKernels(module) : jsKernels();
}
