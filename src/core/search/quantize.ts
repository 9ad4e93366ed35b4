/**
 * Normalization and scalar quantization. A stored vector x becomes int8 codes c with one scale s
 * (x ≈ s·c, |c| ≤ 127) and the residual norm r = ‖x − s·c‖; a query q becomes int16 with a scale
 * and its own residual e. For unit vectors the kernels' approximate score then differs from the
 * exact one by at most r + (1 + r)·e (Cauchy–Schwarz), which lets the exact index re-rank only
 * the vectors whose bound reaches the k-th best and still return exactly what a float scan would.
 */
import { KianaError } from '@kiana/shared/errors';

/** A copy of `vector` scaled to length 1, as float32; `vector-invalid` when that is impossible. */
export function normalize(vector: ArrayLike<number>, dims: number): Float32Array {
  if (vector.length !== dims) {
    throw new KianaError('vector-invalid', `expected ${dims} dimensions, got ${vector.length}`);
  }
  let sum = 0;
  for (let i = 0; i < dims; i++) {
    const v = vector[i] ?? Number.NaN;
    sum += v * v;
  }
  if (!Number.isFinite(sum))
    throw new KianaError('vector-invalid', 'vector has a non-finite value');
  if (sum === 0) throw new KianaError('vector-invalid', 'vector is all zeros');
  const inv = 1 / Math.sqrt(sum);
  const out = new Float32Array(dims);
  for (let i = 0; i < dims; i++) out[i] = (vector[i] ?? 0) * inv;
  return out;
}

/** Scale and residual of one quantization. */
export interface Quantized {
  scale: number;
  residual: number;
}

/**
 * Writes `x` (dims values) as integers of magnitude ≤ `limit` into `out` from `offset`; `out` is
 * zero beyond dims (the padding the SIMD lanes read). Returns the scale and ‖x − scale·codes‖.
 */
export function quantizeInto(
  x: Float32Array,
  limit: number,
  out: Int8Array | Int16Array,
  offset: number,
  padded: number,
): Quantized {
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] ?? 0));
  // Math.fround: the scale is kept as float32, and the residual must be measured against it.
  const scale = max === 0 ? 1 : Math.fround(max / limit);
  let residual = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] ?? 0;
    const c = Math.max(-limit, Math.min(limit, Math.round(v / scale)));
    out[offset + i] = c;
    const d = v - c * scale;
    residual += d * d;
  }
  out.fill(0, offset + x.length, offset + padded);
  return { scale, residual: Math.sqrt(residual) };
}

/** Exact dot product of `a` from offset `at` with `b`, over `dims` float32s, summed in float64. */
export function dot(a: Float32Array, at: number, b: Float32Array, dims: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < dims; i += 4) {
    s0 += (a[at + i] ?? 0) * (b[i] ?? 0);
    s1 += (a[at + i + 1] ?? 0) * (b[i + 1] ?? 0);
    s2 += (a[at + i + 2] ?? 0) * (b[i + 2] ?? 0);
    s3 += (a[at + i + 3] ?? 0) * (b[i + 3] ?? 0);
  }
  for (; i < dims; i++) s0 += (a[at + i] ?? 0) * (b[i] ?? 0);
  return s0 + s1 + (s2 + s3);
}
