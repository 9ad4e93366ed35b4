import { beforeAll, describe, expect, it } from 'vitest';
import { loadPrimitives, type Primitives } from '../../../src/core/crypto/primitives.ts';
import { loadSodium, type Sodium } from '../../../src/core/crypto/sodium.ts';
import {
  COFACTOR_PROBE,
  hasSmallOrder,
  isCanonicalScalar,
  withPreverify,
  type Signed,
} from '../../../src/core/crypto/web-verify.ts';

let sodium: Sodium;
let prims: Primitives;

const hex = (h: string): Uint8Array =>
  Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const ORDER = hex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');

beforeAll(async () => {
  [sodium, prims] = await Promise.all([loadSodium(), loadPrimitives()]);
});

const fresh = (subtle?: SubtleCrypto) =>
  withPreverify(prims, (key) => sodium.crypto_core_ed25519_is_valid_point(key), subtle);

/** What plain libsodium, Web Crypto alone, and the preverified path answer for `s`. */
async function answers(s: Signed) {
  const fast = fresh();
  const found = await fast.preverify([s]);
  let web: boolean | string;
  try {
    const key = await crypto.subtle.importKey('raw', new Uint8Array(s.key), 'Ed25519', false, [
      'verify',
    ]);
    web = await crypto.subtle.verify(
      'Ed25519',
      key,
      new Uint8Array(s.signature),
      new Uint8Array(s.message),
    );
  } catch (error) {
    web = String(error);
  }
  return {
    libsodium: prims.verify(s.key, s.message, s.signature),
    web,
    found,
    preverified: fast.verify(s.key, s.message, s.signature),
  };
}

/** The key of `seed` with its secret scalar a, for signatures built by hand. */
function keyOf(seed: Uint8Array) {
  const pair = sodium.crypto_sign_seed_keypair(seed);
  const h = sodium.crypto_hash_sha512(seed).slice(0, 32);
  h[0] = (h[0] ?? 0) & 248;
  h[31] = ((h[31] ?? 0) & 127) | 64;
  const a = sodium.crypto_core_ed25519_scalar_reduce(new Uint8Array([...h, ...new Uint8Array(32)]));
  return { pair, a };
}

/** k = SHA-512(R ‖ A ‖ M) mod L. */
const challenge = (r: Uint8Array, key: Uint8Array, message: Uint8Array): Uint8Array =>
  sodium.crypto_core_ed25519_scalar_reduce(
    sodium.crypto_hash_sha512(new Uint8Array([...r, ...key, ...message])),
  );

const MESSAGE = new TextEncoder().encode('kiana probe');
const identity = (): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 1 : 0));

describe('ed25519 through Web Crypto, never laxer than libsodium', () => {
  it('accepts the RFC 8032 §7.1 vectors 1–3, rebuilt from their seeds, on every path', async () => {
    const vectors = [
      ['9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', ''],
      ['4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', '72'],
      ['c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7', 'af82'],
    ] as const;
    const publicKeys = [
      'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
      'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    ];
    const firstSignature =
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';
    for (const v of vectors) {
      const [seed, message] = v;
      const { pair } = keyOf(hex(seed));
      const s = {
        key: pair.publicKey,
        message: hex(message),
        signature: sodium.crypto_sign_detached(hex(message), pair.privateKey),
      };
      if (message === '') expect(Buffer.from(s.signature).toString('hex')).toBe(firstSignature);
      expect(Buffer.from(pair.publicKey).toString('hex')).toBe(publicKeys[vectors.indexOf(v)]);
      expect(await answers(s)).toEqual({ libsodium: true, web: true, found: 1, preverified: true });
    }
  });

  it('refuses a signature with an identity R that Web Crypto alone accepts', async () => {
    const { pair, a } = keyOf(new Uint8Array(32).fill(7));
    const r = identity();
    const sig = sodium.crypto_core_ed25519_scalar_mul(challenge(r, pair.publicKey, MESSAGE), a);
    const s = { key: pair.publicKey, message: MESSAGE, signature: new Uint8Array([...r, ...sig]) };
    expect(await answers(s)).toEqual({ libsodium: false, web: true, found: 0, preverified: false });
  });

  it('refuses a small-order key that signs anything, which Web Crypto alone accepts', async () => {
    const s = {
      key: identity(),
      message: MESSAGE,
      signature: new Uint8Array([...identity(), ...new Uint8Array(32)]),
    };
    expect(await answers(s)).toEqual({ libsodium: false, web: true, found: 0, preverified: false });
  });

  it('refuses a non-canonical S (S + L) and a forged or misattributed signature', async () => {
    const { pair } = keyOf(new Uint8Array(32).fill(9));
    const other = keyOf(new Uint8Array(32).fill(10)).pair;
    const good = sodium.crypto_sign_detached(MESSAGE, pair.privateKey);
    const high = new Uint8Array(good);
    let carry = 0;
    for (let i = 0; i < 32; i++) {
      const v = (good[32 + i] ?? 0) + (ORDER[i] ?? 0) + carry;
      high[32 + i] = v & 255;
      carry = v >> 8;
    }
    expect(isCanonicalScalar(good.subarray(32))).toBe(true);
    expect(isCanonicalScalar(high.subarray(32))).toBe(false);
    const forged = new Uint8Array(good);
    forged[5] = (forged[5] ?? 0) ^ 1;
    for (const s of [
      { key: pair.publicKey, message: MESSAGE, signature: high },
      { key: pair.publicKey, message: MESSAGE, signature: forged },
      { key: other.publicKey, message: MESSAGE, signature: good },
    ]) {
      const got = await answers(s);
      expect([got.libsodium, got.found, got.preverified]).toEqual([false, 0, false]);
    }
  });

  it('keeps a probe that only a cofactored verifier accepts, rebuilt here', async () => {
    const { pair, a } = keyOf(new Uint8Array(32).fill(7));
    const r = sodium.crypto_core_ed25519_scalar_reduce(
      sodium.crypto_hash_sha512(Uint8Array.of(1, 2, 3)),
    );
    // T of order 2: (0, −1), y = p − 1.
    const order2 = Uint8Array.from({ length: 32 }, (_, i) =>
      i === 0 ? 0xec : i === 31 ? 0x7f : 0xff,
    );
    const big = sodium.crypto_core_ed25519_add(
      sodium.crypto_scalarmult_ed25519_base_noclamp(r),
      order2,
    );
    const k = challenge(big, pair.publicKey, MESSAGE);
    const s = sodium.crypto_core_ed25519_scalar_add(r, sodium.crypto_core_ed25519_scalar_mul(k, a));
    expect(COFACTOR_PROBE.key).toEqual(pair.publicKey);
    expect(COFACTOR_PROBE.message).toEqual(MESSAGE);
    expect(COFACTOR_PROBE.signature).toEqual(new Uint8Array([...big, ...s]));
    expect(await answers(COFACTOR_PROBE)).toEqual({
      libsodium: false,
      web: false,
      found: 0,
      preverified: false,
    });
  });

  it('uses no Web Crypto that accepts the cofactored probe', async () => {
    const { pair } = keyOf(new Uint8Array(32).fill(11));
    const s = {
      key: pair.publicKey,
      message: MESSAGE,
      signature: sodium.crypto_sign_detached(MESSAGE, pair.privateKey),
    };
    const lax = {
      importKey: () => Promise.resolve({} as CryptoKey),
      verify: () => Promise.resolve(true),
    } as unknown as SubtleCrypto;
    const fast = fresh(lax);
    expect(await fast.preverify([s, COFACTOR_PROBE])).toBe(0);
    expect(fast.verify(COFACTOR_PROBE.key, COFACTOR_PROBE.message, COFACTOR_PROBE.signature)).toBe(
      false,
    );
    expect(fast.verify(s.key, s.message, s.signature)).toBe(true);
  });

  it('answers a preverified signature only for its exact message', async () => {
    const { pair } = keyOf(new Uint8Array(32).fill(12));
    const message = new TextEncoder().encode('block header bytes');
    const signature = sodium.crypto_sign_detached(message, pair.privateKey);
    const fast = fresh();
    expect(await fast.preverify([{ key: pair.publicKey, message, signature }])).toBe(1);
    const other = new Uint8Array(message);
    other[0] = (other[0] ?? 0) ^ 1;
    expect(fast.verify(pair.publicKey, other, signature)).toBe(false);
    expect(fast.verify(pair.publicKey, message, signature)).toBe(true);
    // Answered once from the batch, then by libsodium again: still true.
    expect(fast.verify(pair.publicKey, message, signature)).toBe(true);
  });

  it('answers as libsodium does for 300 signatures with one bit flipped anywhere', async () => {
    const { pair } = keyOf(new Uint8Array(32).fill(13));
    const cases: Signed[] = Array.from({ length: 300 }, (_, i) => {
      const message = prims.randomBytes(1 + (i % 90));
      const s = {
        key: new Uint8Array(pair.publicKey),
        message,
        signature: sodium.crypto_sign_detached(message, pair.privateKey),
      };
      const part = [s.key, s.message, s.signature][i % 3] ?? s.signature;
      const bit = (i * 7919) % (part.length * 8);
      if (i % 4 !== 0) part[bit >> 3] = (part[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      return s;
    });
    const fast = fresh();
    await fast.preverify(cases);
    const plain = cases.map((s) => prims.verify(s.key, s.message, s.signature));
    expect(cases.map((s) => fast.verify(s.key, s.message, s.signature))).toEqual(plain);
    expect(plain.filter(Boolean).length).toBeGreaterThanOrEqual(75);
  });

  it('lists the small-order encodings libsodium refuses as keys, with either sign bit', () => {
    const list = [
      identity(),
      new Uint8Array(32),
      hex('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05'),
      hex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'),
      hex('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'),
    ];
    for (const point of list) {
      for (const sign of [0, 0x80]) {
        const p = new Uint8Array(point);
        p[31] = (p[31] ?? 0) | sign;
        expect(hasSmallOrder(p)).toBe(true);
        expect(sodium.crypto_core_ed25519_is_valid_point(p)).toBe(false);
      }
    }
    // An order-8 point times 8 is the identity: libsodium refuses the product as weak.
    const order8 = list[2] ?? identity();
    expect(() =>
      sodium.crypto_scalarmult_ed25519_noclamp(Uint8Array.of(8, ...new Uint8Array(31)), order8),
    ).toThrow();
    expect(hasSmallOrder(keyOf(new Uint8Array(32).fill(3)).pair.publicKey)).toBe(false);
  });
});
