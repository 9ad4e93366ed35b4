/**
 * Branded ids. A brand makes a `DeviceId` and a `MemoryId` distinct types although both are
 * strings at runtime, so one cannot be passed where the other is expected. Values get their brand
 * only through the checks here (`isDeviceId`, `parseMemoryId`, ...), which test the format.
 */
import { KianaError } from './errors.ts';

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A device: lowercase base32 of the first 16 bytes of BLAKE2b-256(signing public key). */
export type DeviceId = Brand<string, 'DeviceId'>;
/** A memory: chosen by the caller at creation, so a retried `put` is idempotent. */
export type MemoryId = Brand<string, 'MemoryId'>;

/** 16 bytes in RFC 4648 base32 without padding are 26 characters. */
const DEVICE_ID = /^[a-z2-7]{26}$/;
/**
 * Memory ids we create are 26 base32 characters; imports and tests may bring other safe ids, so
 * the check is a conservative alphabet and a length bound rather than our exact format.
 */
const MEMORY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** True when `value` has the shape of a device id. */
export function isDeviceId(value: unknown): value is DeviceId {
  return typeof value === 'string' && DEVICE_ID.test(value);
}

/** True when `value` has the shape of a memory id. */
export function isMemoryId(value: unknown): value is MemoryId {
  return typeof value === 'string' && MEMORY_ID.test(value);
}

/** Brands `value` as a memory id, or throws `bad-message`. */
export function parseMemoryId(value: unknown): MemoryId {
  if (!isMemoryId(value)) throw new KianaError('bad-message', 'not a memory id');
  return value;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * RFC 4648 encoding without padding: `bytes` as characters of `alphabet`, `width` bits each
 * (5 for base32, 6 for base64), the last character zero-filled.
 */
export function encodeBits(bytes: Uint8Array, alphabet: string, width: number): string {
  const mask = (1 << width) - 1;
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= width) {
      out += alphabet.charAt((buffer >>> (bits - width)) & mask);
      bits -= width;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += alphabet.charAt((buffer << (width - bits)) & mask);
  return out;
}

/**
 * Lowercase RFC 4648 base32 without padding. Lowercase because ids end up in URLs, QR codes and
 * filenames, where case is easily lost.
 */
export function base32(bytes: Uint8Array): string {
  return encodeBits(bytes, BASE32, 5);
}

/**
 * A fresh memory id: 128 random bits as 26 base32 characters. The caller creates it before the
 * first `memories.put`, so retrying that put after a lost answer never creates a duplicate.
 * `random` is injectable for tests; it defaults to Web Crypto, present in browsers and Node.
 */
export function newMemoryId(
  random: (bytes: Uint8Array) => Uint8Array = (b) => globalThis.crypto.getRandomValues(b),
): MemoryId {
  return base32(random(new Uint8Array(16))) as MemoryId;
}
