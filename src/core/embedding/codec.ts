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
