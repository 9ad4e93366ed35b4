/**
 * Base64url without padding (RFC 4648 §5) for binary fields inside JSON frames and links: keys,
 * signatures, nonces. Decoding is strict — one canonical encoding per byte string — so a peer
 * cannot send the same bytes in two spellings past a check that compares text.
 */
import { encodeBits } from '../ids.ts';
import { reject } from './check.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Map(Array.from({ length: 64 }, (_, i) => [ALPHABET.charAt(i), i]));

/** Encodes `bytes` as base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  return encodeBits(bytes, ALPHABET, 6);
}

/**
 * Decodes base64url without padding into exactly `length` bytes.
 *
 * @throws KianaError `bad-message` for other characters, another length or non-zero pad bits
 */
export function fromBase64Url(text: unknown, length: number, what: string): Uint8Array {
  if (typeof text !== 'string' || text.length !== Math.ceil((length * 8) / 6)) {
    reject(`${what}: bad length`);
  }
  const out = new Uint8Array(length);
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (const char of text) {
    const value = INDEX.get(char);
    if (value === undefined) reject(`${what}: not base64url`);
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      out[at++] = (buffer >>> (bits - 8)) & 255;
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  // Leftover bits must be zero, or two strings would decode to the same bytes.
  if (buffer !== 0) reject(`${what}: not canonical`);
  return out;
}
