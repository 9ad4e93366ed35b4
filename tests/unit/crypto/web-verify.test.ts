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
import {
  ed25519Cases,
  hex,
  identity,
  keyOf,
  ORDER,
  PROBE_MESSAGE,
  torsionedR,
} from './ed25519-cases.ts';

let sodium: Sodium;
let prims: Primitives;

beforeAll(async () => {
  [sodium, prims] = await Promise.all([loadSodium(), loadPrimitives()]);
});

const fresh = (subtle?: SubtleCrypto) =>
  withPreverify(prims, (key) => sodium.crypto_core_ed25519_is_valid_point(key), subtle);

/** Web Crypto's own answer, without the gates. */
async function webAlone(s: Signed): Promise<boolean | string> {
  try {
    const usage: KeyUsage[] = ['verify'];
    const key = await crypto.subtle.importKey(
      'raw',
      new Uint8Array(s.key),
      'Ed25519',
      false,
      usage,
    );
    return await crypto.subtle.verify(
      'Ed25519',
      key,
      new Uint8Array(s.signature),
      new Uint8Array(s.message),
    );
  } catch (error) {
    return String(error);
  }
}

describe('ed25519 through Web Crypto, never laxer than libsodium', () => {
  it('answers as libsodium on the RFC 8032 vectors and every attack, where Web Crypto alone is laxer', async () => {
    const lax: string[] = [];
    for (const c of ed25519Cases(sodium)) {
      const s = { key: hex(c.key), message: hex(c.message), signature: hex(c.signature) };
      const fast = fresh();
      const found = await fast.preverify([s]);
      const got = {
        libsodium: prims.verify(s.key, s.message, s.signature),
        found,
        preverified: fast.verify(s.key, s.message, s.signature),
      };
      expect(got, c.name).toEqual({ libsodium: c.valid, found: +c.valid, preverified: c.valid });
      if ((await webAlone(s)) === true && !c.valid) lax.push(c.name);
    }
    // Node's Web Crypto (OpenSSL) accepts these two on its own: the gates are what refuse them.
    expect(lax).toEqual(['identity R', 'small-order key']);
  });

  it('rebuilds the first RFC 8032 signature and the probe kept in web-verify.ts', () => {
    const { pair } = keyOf(
      sodium,
      hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'),
    );
    expect(
      Buffer.from(sodium.crypto_sign_detached(new Uint8Array(0), pair.privateKey)).toString('hex'),
    ).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
    const probe = torsionedR(sodium);
    expect(COFACTOR_PROBE.key).toEqual(probe.key);
    expect(COFACTOR_PROBE.message).toEqual(PROBE_MESSAGE);
    expect(COFACTOR_PROBE.signature).toEqual(probe.signature);
    const high = new Uint8Array(32);
    high.set(ORDER);
    expect(isCanonicalScalar(high)).toBe(false);
    high[0] = (high[0] ?? 0) - 1;
    expect(isCanonicalScalar(high)).toBe(true);
  });

  it('uses no Web Crypto that accepts the cofactored probe', async () => {
    const { pair } = keyOf(sodium, new Uint8Array(32).fill(11));
    const s = {
      key: pair.publicKey,
      message: PROBE_MESSAGE,
      signature: sodium.crypto_sign_detached(PROBE_MESSAGE, pair.privateKey),
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

  it('goes on with libsodium when Web Crypto throws instead of answering', async () => {
    const { pair } = keyOf(sodium, new Uint8Array(32).fill(13));
    const message = new TextEncoder().encode('a block');
    const signature = sodium.crypto_sign_detached(message, pair.privateKey);
    const broken = {
      importKey: () => {
        throw new Error('not supported');
      },
      verify: () => {
        throw new Error('not supported');
      },
    } as unknown as SubtleCrypto;
    const fast = fresh(broken);
    const s = { key: pair.publicKey, message, signature };
    expect(await fast.preverify([s])).toBe(0);
    expect(await fast.preverify([s])).toBe(0);
    expect(fast.verify(pair.publicKey, message, signature)).toBe(true);
    const forged = new Uint8Array(signature);
    forged[5] = (forged[5] ?? 0) ^ 1;
    expect(fast.verify(pair.publicKey, message, forged)).toBe(false);
  });

  it('remembers what it verified, not what the caller buffers hold afterwards', async () => {
    const { pair } = keyOf(sodium, new Uint8Array(32).fill(14));
    const message = new TextEncoder().encode('block header bytes');
    const signature = sodium.crypto_sign_detached(message, pair.privateKey);
    const fast = fresh();
    const buffer = new Uint8Array(message);
    const pending = fast.preverify([{ key: pair.publicKey, message: buffer, signature }]);
    buffer[0] = (buffer[0] ?? 0) ^ 1; // reused before the batch answered
    expect(await pending).toBe(1);
    expect(fast.verify(pair.publicKey, buffer, signature)).toBe(false);
    expect(fast.verify(pair.publicKey, message, signature)).toBe(true);
  });

  it('answers a preverified signature only for its exact message', async () => {
    const { pair } = keyOf(sodium, new Uint8Array(32).fill(12));
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
    const { pair } = keyOf(sodium, new Uint8Array(32).fill(13));
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
    expect(hasSmallOrder(keyOf(sodium, new Uint8Array(32).fill(3)).pair.publicKey)).toBe(false);
  });
});
