/**
 * ed25519 verification through Web Crypto, ahead of the chain's synchronous validation. libsodium's
 * wasm verifies in ~115 µs; Chromium's Web Crypto verifies off the calling thread in ~60 µs, and
 * several at once overlap. Validation must stay synchronous (it sits inside pure functions), so
 * signatures are checked here first, in a batch, and `verify` then answers the ones found valid
 * without libsodium. Anything not found valid here is still decided by libsodium.
 *
 * Web Crypto is laxer than libsodium: measured in Node (OpenSSL) and Chromium (BoringSSL), both
 * accept a small-order public key and an identity R, which libsodium refuses. A block one device
 * accepts must never be refused by another, so a signature only counts as verified here when it
 * also passes libsodium's own gates: a key that is a canonical point of prime order (checked once
 * per key with libsodium), a canonical S (< L) and an R that is not of small order. Under those
 * gates Web Crypto's equation (the encoding of [S]B − [k]A equals R, cofactorless) is libsodium's,
 * and a probe refuses Web Crypto altogether if it answers a cofactored check instead.
 */
import type { Primitives } from './primitives.ts';

/** One signature to check, as `Primitives.verify` takes it. */
export interface Signed {
  readonly key: Uint8Array;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
}

/** Primitives whose `verify` also answers the signatures `preverify` found valid. */
export interface PreverifyingPrimitives extends Primitives {
  /**
   * Checks `signed` through Web Crypto, all at once, and remembers the valid ones for `verify`.
   * Never rejects; answers how many were found valid (0 where Web Crypto is missing or laxer).
   */
  preverify(signed: readonly Signed[]): Promise<number>;
}

/** The group order L, little-endian. */
const ORDER = hexBytes('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');

/**
 * libsodium's small-order blocklist (ge25519_has_small_order), compared without the sign bit: y
 * of the identity, of the points of order 2, 4 and 8, and p and p + 1 (non-canonical 0 and 1).
 * With a prime-order key, [S]B − [k]A has prime order, so only the identity could match an R of
 * this list; the whole list is kept so this check is never laxer than libsodium's.
 */
const SMALL_ORDER = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
].map(hexBytes);

/**
 * A signature that a cofactored verifier accepts and libsodium refuses: R = [r]B + T with T of
 * order 2 and S = r + k·a, by the key of seed 0x07 × 32 over "kiana probe" (generated with
 * libsodium's scalar and point functions; tests/unit/crypto/web-verify.test.ts rebuilds it).
 */
export const COFACTOR_PROBE = {
  key: hexBytes('ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c'),
  message: new TextEncoder().encode('kiana probe'),
  signature: hexBytes(
    'ad554a54bcc2856937ed9620d1b10cd902c1bfebe3974f93e32363b728e7f83a' +
      '9824cb051a14f48e81b96014a3989497779409f14d8a94068cec21d9378aa20d',
  ),
};

/** RFC 8032 §7.1 test 1 (the empty message): a signature every verifier must accept. */
const RFC8032_1 = {
  key: hexBytes('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'),
  message: new Uint8Array(0),
  signature: hexBytes(
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555' +
      'fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  ),
};

/** Signatures remembered as valid, at most; the oldest are forgotten first. */
const MAX_REMEMBERED = 8192;
/** Imported keys kept, at most (a chain has at most a few dozen authorities). */
const MAX_KEYS = 256;
/** Signatures checked through Web Crypto per frame at most. */
const MAX_PREVERIFY = 2048;

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
}

function hexOf(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Web Crypto's SubtleCrypto, or null where there is none (an insecure context, old engines). */
function webSubtle(): SubtleCrypto | null {
  return (globalThis as { crypto?: Partial<Crypto> }).crypto?.subtle ?? null;
}

/** True when the little-endian scalar `s` is below L (libsodium's sc25519_is_canonical). */
export function isCanonicalScalar(s: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    const a = s[i] ?? 0;
    const b = ORDER[i] ?? 0;
    if (a !== b) return a < b;
  }
  return false;
}

/** True when `point` encodes a small-order point, as libsodium's blocklist decides it. */
export function hasSmallOrder(point: Uint8Array): boolean {
  return SMALL_ORDER.some((bad) => {
    for (let i = 0; i < 31; i++) if (point[i] !== bad[i]) return false;
    return ((point[31] ?? 0) & 0x7f) === bad[31];
  });
}

/** The exact bytes of a signed message, as a key of the remembered set. */
function rememberKey(s: Signed): string {
  return `${hexOf(s.key)}:${hexOf(s.signature)}:${s.message.length}`;
}

/**
 * Wraps `prims` so that signatures `preverify` checked through Web Crypto are answered without
 * libsodium. `isPrimeOrderKey` is libsodium's crypto_core_ed25519_is_valid_point: canonical, not
 * of small order, on the curve and in the prime-order subgroup. Same answers as `prims.verify`
 * for every input; only faster for what was preverified.
 */
export function withPreverify(
  prims: Primitives,
  isPrimeOrderKey: (key: Uint8Array) => boolean,
  subtle: SubtleCrypto | null = webSubtle(),
): PreverifyingPrimitives {
  const valid = new Map<string, Uint8Array>();
  const keys = new Map<string, Promise<CryptoKey | null>>();
  let usable: Promise<boolean> | null = null;

  const importKey = (key: Uint8Array): Promise<CryptoKey | null> => {
    const hex = hexOf(key);
    let imported = keys.get(hex);
    if (imported === undefined) {
      imported =
        subtle === null || !isPrimeOrderKey(key)
          ? Promise.resolve(null)
          : subtle
              .importKey('raw', new Uint8Array(key), 'Ed25519', false, ['verify'])
              .catch(() => null);
      if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value ?? '');
      keys.set(hex, imported);
    }
    return imported;
  };

  const webVerify = async (s: Signed): Promise<boolean> => {
    const key = await importKey(s.key);
    if (key === null || subtle === null) return false;
    const signature = new Uint8Array(s.signature);
    const message = new Uint8Array(s.message);
    return subtle.verify('Ed25519', key, signature, message).catch(() => false);
  };

  // Web Crypto is used only when it refuses the cofactored-only probe and accepts a real one.
  const checkUsable = async (): Promise<boolean> => {
    const [cofactored, accepted] = await Promise.all([
      webVerify(COFACTOR_PROBE),
      webVerify(RFC8032_1),
    ]);
    return !cofactored && accepted;
  };

  const eligible = (s: Signed): boolean =>
    s.key.length === 32 &&
    s.signature.length === 64 &&
    isCanonicalScalar(s.signature.subarray(32)) &&
    !hasSmallOrder(s.signature.subarray(0, 32));

  return {
    ...prims,
    verify(key, message, signature) {
      const id = rememberKey({ key, message, signature });
      const seen = valid.get(id);
      if (seen !== undefined && bytesSame(seen, message)) {
        valid.delete(id);
        return true;
      }
      return prims.verify(key, message, signature);
    },
    async preverify(signed) {
      if (subtle === null) return 0;
      // Copies taken before any await: what is remembered is exactly what was verified, even if
      // the caller reused its buffers meanwhile. At most MAX_PREVERIFY per frame, so a frame
      // stuffed with signatures costs a bounded batch; the rest go to libsodium one by one, and
      // the session stops at the first bad one.
      const candidates = signed
        .filter(eligible)
        .slice(0, MAX_PREVERIFY)
        .map((s) => ({
          key: s.key.slice(),
          message: s.message.slice(),
          signature: s.signature.slice(),
        }));
      try {
        usable ??= checkUsable();
        if (!(await usable)) return 0;
        const answers = await Promise.all(candidates.map(webVerify));
        let found = 0;
        candidates.forEach((s, i) => {
          if (!answers[i]) return;
          if (valid.size >= MAX_REMEMBERED) valid.delete(valid.keys().next().value ?? '');
          valid.set(rememberKey(s), s.message);
          found += 1;
        });
        return found;
      } catch (error) {
        // An engine whose Web Crypto throws instead of answering: libsodium decides from now on.
        console.warn('[verify] Web Crypto failed; verifying with libsodium only', error);
        usable = Promise.resolve(false);
        return 0;
      }
    },
  };
}

function bytesSame(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
