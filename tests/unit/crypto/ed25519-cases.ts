/**
 * ed25519 signatures an attacker can build, and honest ones, made with libsodium's point and
 * scalar functions: shared by the Node test (OpenSSL's Web Crypto) and the browser test
 * (Chromium's BoringSSL), so both engines face the same cases.
 */
import type { Sodium } from '../../../src/core/crypto/sodium.ts';

/** One case: bytes as hex (they cross into a page), and what libsodium answers. */
export interface Ed25519Case {
  readonly name: string;
  readonly key: string;
  readonly message: string;
  readonly signature: string;
  /** libsodium's answer, which every path must give. */
  readonly valid: boolean;
}

export const hex = (h: string): Uint8Array =>
  Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The group order L, little-endian. */
export const ORDER = hex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');
export const PROBE_MESSAGE = new TextEncoder().encode('kiana probe');
/** The identity point's encoding: y = 1. */
export const identity = (): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => +(i === 0));

/** The key of `seed` with its secret scalar a, for signatures built by hand. */
export function keyOf(sodium: Sodium, seed: Uint8Array) {
  const pair = sodium.crypto_sign_seed_keypair(seed);
  const h = sodium.crypto_hash_sha512(seed).slice(0, 32);
  h[0] = (h[0] ?? 0) & 248;
  h[31] = ((h[31] ?? 0) & 127) | 64;
  const a = sodium.crypto_core_ed25519_scalar_reduce(new Uint8Array([...h, ...new Uint8Array(32)]));
  return { pair, a };
}

/** k = SHA-512(R ‖ A ‖ M) mod L. */
const challenge = (sodium: Sodium, r: Uint8Array, key: Uint8Array, m: Uint8Array): Uint8Array =>
  sodium.crypto_core_ed25519_scalar_reduce(
    sodium.crypto_hash_sha512(new Uint8Array([...r, ...key, ...m])),
  );

/** R = [r]B + T (T of order 2) and S = r + k·a: valid only for a cofactored verifier. */
export function torsionedR(sodium: Sodium): { key: Uint8Array; signature: Uint8Array } {
  const { pair, a } = keyOf(sodium, new Uint8Array(32).fill(7));
  const r = sodium.crypto_core_ed25519_scalar_reduce(
    sodium.crypto_hash_sha512(Uint8Array.of(1, 2, 3)),
  );
  // T of order 2: (0, −1), y = p − 1.
  const order2 = hex('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');
  const big = sodium.crypto_core_ed25519_add(
    sodium.crypto_scalarmult_ed25519_base_noclamp(r),
    order2,
  );
  const k = challenge(sodium, big, pair.publicKey, PROBE_MESSAGE);
  const s = sodium.crypto_core_ed25519_scalar_add(r, sodium.crypto_core_ed25519_scalar_mul(k, a));
  return { key: pair.publicKey, signature: new Uint8Array([...big, ...s]) };
}

/** RFC 8032 §7.1 tests 1–3 (rebuilt from their seeds) and the attacks libsodium refuses. */
export function ed25519Cases(sodium: Sodium): Ed25519Case[] {
  const cases: Ed25519Case[] = [];
  const rfc = [
    ['9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', ''],
    ['4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', '72'],
    ['c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7', 'af82'],
  ] as const;
  rfc.forEach(([seed, message], i) => {
    const { pair } = keyOf(sodium, hex(seed));
    const signature = sodium.crypto_sign_detached(hex(message), pair.privateKey);
    cases.push({
      name: `RFC 8032 test ${i + 1}`,
      key: toHex(pair.publicKey),
      message,
      signature: toHex(signature),
      valid: true,
    });
  });
  const m = toHex(PROBE_MESSAGE);
  // The key owner signs with R = identity: S = k·a.
  const { pair, a } = keyOf(sodium, new Uint8Array(32).fill(7));
  const k = challenge(sodium, identity(), pair.publicKey, PROBE_MESSAGE);
  const s = sodium.crypto_core_ed25519_scalar_mul(k, a);
  cases.push({
    name: 'identity R',
    key: toHex(pair.publicKey),
    message: m,
    signature: toHex(new Uint8Array([...identity(), ...s])),
    valid: false,
  });
  // The identity as a key: R = identity, S = 0 "signs" every message.
  cases.push({
    name: 'small-order key',
    key: toHex(identity()),
    message: m,
    signature: toHex(new Uint8Array([...identity(), ...new Uint8Array(32)])),
    valid: false,
  });
  const torsioned = torsionedR(sodium);
  cases.push({
    name: 'torsioned R (cofactored only)',
    key: toHex(torsioned.key),
    message: m,
    signature: toHex(torsioned.signature),
    valid: false,
  });
  // The same valid signature with S + L: malleated, non-canonical.
  const good = sodium.crypto_sign_detached(PROBE_MESSAGE, pair.privateKey);
  const high = new Uint8Array(good);
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const v = (good[32 + i] ?? 0) + (ORDER[i] ?? 0) + carry;
    high[32 + i] = v & 255;
    carry = v >> 8;
  }
  cases.push({
    name: 'S + L',
    key: toHex(pair.publicKey),
    message: m,
    signature: toHex(high),
    valid: false,
  });
  const forged = new Uint8Array(good);
  forged[5] = (forged[5] ?? 0) ^ 1;
  cases.push({
    name: 'forged',
    key: toHex(pair.publicKey),
    message: m,
    signature: toHex(forged),
    valid: false,
  });
  const other = keyOf(sodium, new Uint8Array(32).fill(10)).pair.publicKey;
  cases.push({
    name: 'wrong key',
    key: toHex(other),
    message: m,
    signature: toHex(good),
    valid: false,
  });
  cases.push({
    name: 'honest',
    key: toHex(pair.publicKey),
    message: m,
    signature: toHex(good),
    valid: true,
  });
  return cases;
}
