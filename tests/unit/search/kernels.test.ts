import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { KERNELS_WASM_BASE64 } from '../../../src/core/search/kernels-wasm.ts';
import { createKernels, jsKernels, type Kernels } from '../../../src/core/search/kernels.ts';
import { assembleKernels } from './assemble.ts';
import { seededRandom } from './data.ts';

/** Fills memory with random codes, query, slots; returns the three kernels' outputs. */
function run(kernels: Kernels, seed: number): (Int32Array | Float32Array)[] {
  const random = seededRandom(seed);
  const dpad = 48;
  const n = 100;
  const q = n * dpad;
  const slots = q + dpad * 2;
  const out = slots + 64 * 4;
  const scales = out + n * 4;
  const residuals = scales + n * 4;
  const low = residuals + n * 4;
  const high = low + n * 4;
  kernels.ensure(high + n * 4);
  // Written after `ensure`: growing may detach the old buffer.
  const buffer = kernels.buffer();
  const i8 = new Int8Array(buffer, 0, n * dpad);
  for (let i = 0; i < i8.length; i++) i8[i] = Math.floor(random() * 255) - 127;
  const i16 = new Int16Array(buffer, q, dpad);
  for (let i = 0; i < dpad; i++) i16[i] = Math.floor(random() * 65535) - 32767;
  const list = new Int32Array(buffer, slots, 64);
  for (let i = 0; i < 64; i++) list[i] = Math.floor(random() * n);
  const f32 = new Float32Array(buffer);
  for (let i = 0; i < n; i++) {
    f32[scales / 4 + i] = random() / 100;
    f32[residuals / 4 + i] = random() / 50;
  }
  const results: (Int32Array | Float32Array)[] = [];
  kernels.scanBounds(0, n, dpad, q, scales, residuals, 1e-5 * random(), 1e-4 * random(), low, high);
  results.push(new Float32Array(kernels.buffer(), low, n).slice());
  results.push(new Float32Array(kernels.buffer(), high, n).slice());
  // 64 and 63 slots: gather works four slots at a time, then the rest one by one.
  for (const count of [64, 63]) {
    new Int32Array(kernels.buffer(), out, 64).fill(-1);
    kernels.gather(0, dpad, slots, count, q, out);
    results.push(new Int32Array(kernels.buffer(), out, 64).slice());
  }
  kernels.gatherCodes(0, dpad, 7, slots, 64, out);
  results.push(new Int32Array(kernels.buffer(), out, 64).slice());
  return results;
}

describe('vector kernels', () => {
  it('kernels-wasm.ts is kernels.wat assembled (run scripts/assemble-kernels.ts after editing)', async () => {
    const wat = await readFile(
      new URL('../../../src/core/search/kernels.wat', import.meta.url),
      'utf8',
    );
    const bytes = await assembleKernels(wat);
    expect(Buffer.from(bytes).toString('base64')).toBe(KERNELS_WASM_BASE64);
  });

  it('the SIMD kernels compute exactly what the JS loops compute, at extreme values too', () => {
    const wasm = createKernels();
    expect(wasm.name).toBe('wasm-simd');
    for (const seed of [1, 2, 3]) expect(run(wasm, seed)).toEqual(run(jsKernels(), seed));
    // All codes at −127 against a query at the limit for 4,096 dims: the largest magnitude an
    // index produces must not overflow the int32 sums.
    const dpad = 4096;
    for (const kernels of [createKernels(), jsKernels()]) {
      kernels.ensure(dpad * 3 + 64);
      new Int8Array(kernels.buffer(), 0, dpad).fill(-127);
      new Int16Array(kernels.buffer(), dpad, dpad).fill(4128);
      // Five slots: one group of four and one single, the two paths of gather.
      new Int32Array(kernels.buffer(), dpad * 3, 5).fill(0);
      kernels.gather(0, dpad, dpad * 3, 5, dpad, dpad * 3 + 32);
      expect(Array.from(new Int32Array(kernels.buffer(), dpad * 3 + 32, 5))).toEqual(
        Array<number>(5).fill(-127 * 4128 * dpad),
      );
    }
  });

  it('growing the memory keeps its contents', () => {
    for (const kernels of [createKernels(), jsKernels()]) {
      new Uint8Array(kernels.buffer())[100] = 42;
      kernels.ensure(5 * 65_536 + 1);
      expect(kernels.buffer().byteLength).toBeGreaterThanOrEqual(5 * 65_536 + 1);
      expect(new Uint8Array(kernels.buffer())[100]).toBe(42);
    }
  });
});
