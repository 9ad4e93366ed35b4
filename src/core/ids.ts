/**
 * Branded ids. A brand makes a `DeviceId` and a `MemoryId` distinct types although both are
 * strings at runtime, so one cannot be passed where the other is expected. Values get their brand
 * only through the parse functions here, which check the format.
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

/** Brands `value` as a device id, or throws `bad-message`. */
export function parseDeviceId(value: unknown): DeviceId {
  if (!isDeviceId(value)) throw new KianaError('bad-message', 'not a device id');
  return value;
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
 * Lowercase RFC 4648 base32 without padding. Lowercase because ids end up in URLs, QR codes and
 * filenames, where case is easily lost.
 */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32.charAt((buffer >>> (bits - 5)) & 31);
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32.charAt((buffer << (5 - bits)) & 31);
  return out;
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
