/**
 * Synchronous crypto primitives for the chain and sync. libsodium is asynchronous only while its
 * WebAssembly loads; after that every call is synchronous, and block validation must be (it runs
 * thousands of times per sync and sits inside pure functions). So the chain receives this object,
 * loaded once, instead of awaiting libsodium per call.
 */
import { base32, type DeviceId } from '@kiana/shared/ids';
import { loadSodium } from './sodium.ts';

/** The primitives the chain and sync need, bound to a loaded libsodium. */
export interface Primitives {
  /** SHA-256: block hashes, Merkle trees, content hashes. */
  sha256(bytes: Uint8Array): Uint8Array;
  /** BLAKE2b-256, unkeyed: only used to name devices. */
  blake2b256(bytes: Uint8Array): Uint8Array;
  /** A detached ed25519 signature (64 bytes) with a libsodium 64-byte secret key. */
  sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array;
  /**
   * True when `signature` is `publicKey`'s ed25519 signature of `message`. Never throws: wrong
   * lengths answer false. libsodium rejects non-canonical signatures, so a valid signature has
   * exactly one encoding and signed bytes cannot be re-signed into a second id.
   */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  /** The device id of a 32-byte signing public key (see `deviceIdFromSigningKey`). */
  deviceIdOf(publicKey: Uint8Array): DeviceId;
  /** `n` cryptographically random bytes. */
  randomBytes(n: number): Uint8Array;
}

/** Bytes of the BLAKE2b-256 digest that name a device, as in `identity.ts`. */
const DEVICE_ID_BYTES = 16;

let loaded: Promise<Primitives> | null = null;

/**
 * Random bytes from Web Crypto, drawn 4 KiB at a time. libsodium's randombytes_buf calls back into
 * JS every few bytes (measured ~100 µs per 16-byte salt) and even one getRandomValues call costs
 * ~20 µs in Node, while every memory write needs two salts.
 */
const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let poolAt = 0;

function randomBytes(n: number): Uint8Array {
  if (n > POOL_BYTES) return globalThis.crypto.getRandomValues(new Uint8Array(n));
  if (poolAt + n > pool.length) {
    pool = globalThis.crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    poolAt = 0;
  }
  // A copy, and the pool bytes are zeroed: no two callers ever see the same random bytes.
  const out = pool.slice(poolAt, poolAt + n);
  pool.fill(0, poolAt, poolAt + n);
  poolAt += n;
  return out;
}

/** Resolves to the primitives once libsodium is ready; later calls share the first load. */
export function loadPrimitives(): Promise<Primitives> {
  loaded ??= loadSodium().then((sodium): Primitives => {
    const blake2b256 = (bytes: Uint8Array): Uint8Array =>
      sodium.crypto_generichash(32, bytes, null);
    return {
      sha256: (bytes) => sodium.crypto_hash_sha256(bytes),
      blake2b256,
      sign: (secretKey, message) => sodium.crypto_sign_detached(message, secretKey),
      verify(publicKey, message, signature) {
        if (publicKey.length !== 32 || signature.length !== 64) return false;
        try {
          return sodium.crypto_sign_verify_detached(signature, message, publicKey);
        } catch {
          // libsodium throws on some malformed keys rather than answering false.
          return false;
        }
      },
      deviceIdOf: (publicKey) =>
        base32(blake2b256(publicKey).subarray(0, DEVICE_ID_BYTES)) as DeviceId,
      randomBytes,
    };
  });
  return loaded;
}
