/**
 * Embeddings as bytes: the store keeps each vector as a little-endian float32 BLOB tagged with
 * the model key (see `modelKey`). Float32 keeps the query-equals-memory case exact and costs
 * 1.5 KB per memory at 384 dimensions; an index may derive compact codes from it.
 */
import { KianaError } from '@kiana/shared/errors';

/** The bytes of a vector (a copy, little-endian on every platform we run on). */
export function encodeVector(vector: Float32Array): Uint8Array {
  return new Uint8Array(
    vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength),
  );
}

/** A vector from stored bytes; throws `storage-corrupt` when the length does not fit `dim`. */
export function decodeVector(bytes: Uint8Array, dim: number): Float32Array {
  if (bytes.byteLength !== dim * 4) {
    throw new KianaError(
      'storage-corrupt',
      `vector of ${bytes.byteLength} bytes, expected ${dim * 4}`,
    );
  }
  return new Float32Array(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  );
}

/** Splits a flat batch of `count × dim` floats into one vector per input. */
export function splitBatch(flat: Float32Array, dim: number): Float32Array[] {
  if (dim <= 0 || flat.length % dim !== 0) {
    throw new KianaError(
      'bad-message',
      `a batch of ${flat.length} floats is not a multiple of ${dim}`,
    );
  }
  return Array.from({ length: flat.length / dim }, (_, i) => flat.subarray(i * dim, (i + 1) * dim));
}

/** Dot product (cosine similarity for unit vectors). */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/** Validates a vector that crossed a boundary: finite float32 values of length `dim`. */
export function parseVector(value: unknown, dim: number): Float32Array {
  if (!(value instanceof Float32Array) || value.length !== dim) {
    throw new KianaError('bad-message', `expected a Float32Array of ${dim} values`);
  }
  for (const v of value) {
    if (!Number.isFinite(v)) throw new KianaError('bad-message', 'vector holds a non-finite value');
  }
  return value;
}
