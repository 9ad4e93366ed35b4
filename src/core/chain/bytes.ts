/**
 * The canonical binary encoding shared by transactions, blocks and sync messages: fixed-width
 * big-endian integers and length-prefixed byte strings, nothing optional, nothing reordered. A
 * value has exactly one encoding, so hashes and signatures over encodings are well defined and a
 * decoder can insist that re-encoding what it read gives back the very same bytes.
 *
 * The reader throws only `KianaError`s with the code it was built with (`block-malformed`,
 * `tx-malformed`, `sync-protocol`), whatever the input, so callers can catch-and-classify.
 */
import { KianaError, type ErrorCode } from '@kiana/shared/errors';

/** Largest value a `u48` holds: wall-clock milliseconds until the year 10889 (as `Hlc`). */
export const MAX_U48 = 0xffff_ffff_ffff;

const utf8Encoder = new TextEncoder();
// fatal: malformed UTF-8 is an error, not U+FFFD; ignoreBOM: a leading BOM is kept as a character,
// so decoding then encoding returns the same bytes.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** Appends canonical fields to a growing buffer. */
export class ByteWriter {
  #buffer: Uint8Array;
  #view: DataView;
  #length = 0;

  constructor(capacity = 256) {
    this.#buffer = new Uint8Array(capacity);
    this.#view = new DataView(this.#buffer.buffer);
  }

  #reserve(n: number): number {
    const at = this.#length;
    if (at + n > this.#buffer.length) {
      const next = new Uint8Array(Math.max(this.#buffer.length * 2, at + n));
      next.set(this.#buffer.subarray(0, at));
      this.#buffer = next;
      this.#view = new DataView(next.buffer);
    }
    this.#length += n;
    return at;
  }

  /** One byte. */
  u8(value: number): this {
    const v = checkInt(value, 0xff);
    const at = this.#reserve(1); // before reading #view: reserving may replace it
    this.#view.setUint8(at, v);
    return this;
  }

  /** Two bytes, big-endian. */
  u16(value: number): this {
    const v = checkInt(value, 0xffff);
    const at = this.#reserve(2);
    this.#view.setUint16(at, v);
    return this;
  }

  /** Four bytes, big-endian. */
  u32(value: number): this {
    const v = checkInt(value, 0xffff_ffff);
    const at = this.#reserve(4);
    this.#view.setUint32(at, v);
    return this;
  }

  /** Six bytes, big-endian: times in ms. */
  u48(value: number): this {
    const v = checkInt(value, MAX_U48);
    const at = this.#reserve(6);
    this.#view.setUint16(at, Math.floor(v / 0x1_0000_0000));
    this.#view.setUint32(at + 2, v % 0x1_0000_0000);
    return this;
  }

  /** Bytes of a length both sides know (hashes, keys, signatures): no prefix. */
  fixed(bytes: Uint8Array, length: number): this {
    if (bytes.length !== length) {
      throw new KianaError('internal', `expected ${length} bytes, got ${bytes.length}`);
    }
    const at = this.#reserve(length);
    this.#buffer.set(bytes, at);
    return this;
  }

  /** Bytes with a one-byte length prefix (at most 255). */
  bytes8(bytes: Uint8Array): this {
    this.u8(bytes.length);
    const at = this.#reserve(bytes.length);
    this.#buffer.set(bytes, at);
    return this;
  }

  /** Bytes with a four-byte length prefix. */
  bytes32(bytes: Uint8Array): this {
    this.u32(bytes.length);
    const at = this.#reserve(bytes.length);
    this.#buffer.set(bytes, at);
    return this;
  }

  /** A UTF-8 string with a one-byte length prefix. */
  str8(text: string): this {
    return this.bytes8(utf8(text));
  }

  /** Raw bytes, no prefix: for nesting an already encoded value whose length precedes it. */
  raw(bytes: Uint8Array): this {
    const at = this.#reserve(bytes.length);
    this.#buffer.set(bytes, at);
    return this;
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#length;
  }

  /** A copy of everything written. */
  finish(): Uint8Array {
    return this.#buffer.slice(0, this.#length);
  }
}

function checkInt(value: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new KianaError('internal', `integer ${value} out of range 0..${max}`);
  }
  return value;
}

/** Reads canonical fields, throwing `code` on anything short, long or out of range. */
export class ByteReader {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #code: ErrorCode;
  #at = 0;

  constructor(bytes: Uint8Array, code: ErrorCode) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#code = code;
  }

  /** Throws the reader's error code with `why`. */
  fail(why: string): never {
    throw new KianaError(this.#code, why);
  }

  #take(n: number): number {
    if (n > this.#bytes.length - this.#at) this.fail(`truncated at byte ${this.#at}`);
    const at = this.#at;
    this.#at += n;
    return at;
  }

  /** The offset of the next unread byte. */
  get offset(): number {
    return this.#at;
  }

  /** One byte. */
  u8(): number {
    return this.#view.getUint8(this.#take(1));
  }

  /** Two bytes, big-endian. */
  u16(): number {
    return this.#view.getUint16(this.#take(2));
  }

  /** Four bytes, big-endian. */
  u32(): number {
    return this.#view.getUint32(this.#take(4));
  }

  /** Six bytes, big-endian. */
  u48(): number {
    const at = this.#take(6);
    return this.#view.getUint16(at) * 0x1_0000_0000 + this.#view.getUint32(at + 2);
  }

  /**
   * `length` bytes as a view into the input, not a copy: decoded blocks keep hundreds of thousands
   * of small fields, and separate buffers for each measured twice the validation time in GC. The
   * input must therefore not be modified afterwards (decoders keep it as the value's `bytes`).
   */
  fixed(length: number): Uint8Array {
    const at = this.#take(length);
    return this.#bytes.subarray(at, at + length);
  }

  /** Bytes with a one-byte length prefix. */
  bytes8(): Uint8Array {
    return this.fixed(this.u8());
  }

  /** Bytes with a four-byte length prefix, refused beyond `max`. */
  bytes32(max: number): Uint8Array {
    const length = this.u32();
    if (length > max) this.fail(`field of ${length} bytes exceeds ${max}`);
    return this.fixed(length);
  }

  /** A UTF-8 string with a one-byte length prefix; invalid UTF-8 is refused. */
  str8(): string {
    const bytes = this.bytes8();
    try {
      return utf8Decoder.decode(bytes);
    } catch {
      return this.fail('invalid UTF-8');
    }
  }

  /** Throws unless every byte was read: trailing bytes would give a value two encodings. */
  end(): void {
    if (this.#at !== this.#bytes.length) {
      this.fail(`${this.#bytes.length - this.#at} trailing bytes`);
    }
  }
}

/** Lowercase hex of `bytes`: map keys and log lines. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b] ?? '';
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The bytes of lowercase or uppercase hex (even length, checked by the caller). */
export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** True when `a` sorts before `b` bytewise (shorter first on a common prefix). Returns -1, 0, 1. */
export function compareBytes(a: Uint8Array, b: Uint8Array): -1 | 0 | 1 {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  if (a.length === b.length) return 0;
  return a.length < b.length ? -1 : 1;
}
