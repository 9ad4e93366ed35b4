/**
 * The key agreement and MAC that pairing needs besides signatures (primitives.ts): X25519 between
 * the two devices' box keys, and keyed BLAKE2b as a MAC and key-derivation function. Synchronous
 * once libsodium has loaded, like the primitives.
 */
import { loadSodium } from './sodium.ts';

export interface Exchange {
  /** Keyed BLAKE2b-256 of `message` under `key` (16–64 bytes): a MAC and a KDF. */
  mac(key: Uint8Array, message: Uint8Array): Uint8Array;
  /**
   * X25519 of our secret key and their public key. Throws `bad-message` style errors from
   * libsodium for a low-order public key (an all-zero shared secret), which a peer may send.
   */
  dh(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array;
  /** Constant-time equality of two byte strings (false for different lengths). */
  equal(a: Uint8Array, b: Uint8Array): boolean;
}

let loaded: Promise<Exchange> | null = null;

/** Resolves once libsodium is ready; later calls share the first load. */
export function loadExchange(): Promise<Exchange> {
  loaded ??= loadSodium().then((sodium): Exchange => ({
    mac: (key, message) => sodium.crypto_generichash(32, message, key),
    dh: (secretKey, publicKey) => sodium.crypto_scalarmult(secretKey, publicKey),
    equal: (a, b) => a.length === b.length && sodium.memcmp(a, b),
  }));
  return loaded;
}
