/**
 * Synchronous crypto primitives for the chain and sync. libsodium is asynchronous only while its
 * WebAssembly loads; after that every call is synchronous, and block validation must be (it runs
 * thousands of times per sync and sits inside pure functions). So the chain receives this object,
 * loaded once, instead of awaiting libsodium per call.
 */
import { base32, type DeviceId } from '@kiana/shared/ids';
import { loadSodium, type Sodium } from './sodium.ts';
import { withPreverify, type PreverifyingPrimitives } from './web-verify.ts';
import { createSha256Batch, type Sha256Batch } from './sha256-batch.ts';
import { isWebKitEngine, userAgent } from './sha256-choose.ts';

/** The primitives the chain and sync need, bound to a loaded libsodium. */
export interface Primitives {
  /** SHA-256: block hashes, Merkle trees, content hashes. */
  sha256(bytes: Uint8Array): Uint8Array;
  /**
   * SHA-256 of many short messages at once (WebAssembly SIMD, four lanes), for Merkle roots;
   * absent where the engine lacks SIMD. The same digests as `sha256`.
   */
  sha256Batch?: Sha256Batch;
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

/** The raw WebAssembly module under libsodium's wrappers (only what `fastSha256` uses). */
interface RawSodium {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _crypto_hash_sha256(out: number, input: number, lengthLow: number, lengthHigh: number): number;
}

/** Inputs up to this size are hashed through one buffer kept in libsodium's memory. */
const FAST_HASH_BYTES = 4096;

/**
 * SHA-256 straight on libsodium's module: one input buffer allocated once instead of a malloc,
 * copy and free per call in the wrapper. A Merkle root of 1,000 transactions is ~2,000 hashes of
 * under 200 bytes, where the wrapper's bookkeeping was a third of the time. Null when the module
 * is not exposed, so the wrapper hashes.
 */
function fastSha256(sodium: Sodium): ((bytes: Uint8Array) => Uint8Array) | null {
  const raw = (sodium as unknown as { libsodium?: Partial<RawSodium> }).libsodium;
  if (typeof raw?._malloc !== 'function' || typeof raw._crypto_hash_sha256 !== 'function') {
    return null;
  }
  const module = raw as RawSodium;
  const input = module._malloc(FAST_HASH_BYTES + 32);
  const output = input + FAST_HASH_BYTES;
  return (bytes) => {
    if (bytes.length > FAST_HASH_BYTES) return sodium.crypto_hash_sha256(bytes);
    // Read HEAPU8 on every call: it is replaced whenever the module's memory grows.
    const heap = module.HEAPU8;
    heap.set(bytes, input);
    module._crypto_hash_sha256(output, input, bytes.length, 0);
    const digest = heap.slice(output, output + 32);
    // Hashed blobs hold memory text: it does not stay behind in libsodium's memory.
    heap.fill(0, input, input + bytes.length);
    return digest;
  };
}

/** Resolves to the primitives once libsodium is ready; later calls share the first load. */
export function loadPrimitives(): Promise<Primitives> {
  loaded ??= loadSodium().then((sodium): Primitives => {
    const blake2b256 = (bytes: Uint8Array): Uint8Array =>
      sodium.crypto_generichash(32, bytes, null);
    const sha256 = fastSha256(sodium) ?? ((bytes) => sodium.crypto_hash_sha256(bytes));
    const sha256Batch = isWebKitEngine(userAgent()) ? null : createSha256Batch();
    return {
      sha256,
      ...(sha256Batch ? { sha256Batch } : {}),
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

let preverifying: Promise<PreverifyingPrimitives> | null = null;

/**
 * The primitives with `preverify`: signatures checked in a batch through Web Crypto first are
 * answered by `verify` without libsodium (web-verify.ts). For the store worker, where sync
 * receives blocks in chunks; the answers are libsodium's for every input.
 */
export function loadPreverifyingPrimitives(): Promise<PreverifyingPrimitives> {
  preverifying ??= Promise.all([loadPrimitives(), loadSodium()]).then(([prims, sodium]) =>
    withPreverify(prims, (key) => {
      try {
        return sodium.crypto_core_ed25519_is_valid_point(key);
      } catch {
        return false;
      }
    }),
  );
  return preverifying;
}
