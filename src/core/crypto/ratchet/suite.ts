/**
 * The primitives the Double Ratchet needs, bound to a loaded libsodium: X25519, HMAC-SHA256 (for
 * HKDF and the chain KDF), XChaCha20-Poly1305 (IETF) and erasing keys. Synchronous once loaded,
 * like `Primitives`, so the ratchet itself is plain functions over plain state.
 */
import { loadSodium } from '../sodium.ts';

export interface RatchetSuite {
  /** A fresh X25519 key pair. */
  keyPair(): { publicKey: Uint8Array; secretKey: Uint8Array };
  /** X25519; throws for a low-order public key. */
  dh(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array;
  /** HMAC-SHA256 with a key of any length. */
  hmac(key: Uint8Array, message: Uint8Array): Uint8Array;
  /** XChaCha20-Poly1305-IETF: `ciphertext‖tag`. */
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, ad: Uint8Array): Uint8Array;
  /** The plaintext, or null when the tag does not verify (wrong key, tampered bytes or AD). */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, ad: Uint8Array): Uint8Array | null;
  randomBytes(n: number): Uint8Array;
  /** Overwrites `bytes` with zeros (keys erased after use). */
  erase(bytes: Uint8Array): void;
}

let loaded: Promise<RatchetSuite> | null = null;

export function loadRatchetSuite(): Promise<RatchetSuite> {
  loaded ??= loadSodium().then((s): RatchetSuite => ({
    keyPair: () => {
      const { publicKey, privateKey } = s.crypto_box_keypair();
      return { publicKey, secretKey: privateKey };
    },
    dh: (secretKey, publicKey) => s.crypto_scalarmult(secretKey, publicKey),
    hmac: (key, message) => {
      const state = s.crypto_auth_hmacsha256_init(key);
      s.crypto_auth_hmacsha256_update(state, message);
      return s.crypto_auth_hmacsha256_final(state);
    },
    seal: (key, nonce, plaintext, ad) =>
      s.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, ad, null, nonce, key),
    open: (key, nonce, sealed, ad) => {
      try {
        return s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed, ad, nonce, key);
      } catch {
        return null;
      }
    },
    randomBytes: (n) => s.randombytes_buf(n),
    erase: (bytes) => s.memzero(bytes),
  }));
  return loaded;
}
