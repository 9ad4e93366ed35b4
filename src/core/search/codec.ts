/**
 * The binary envelope of a serialized vector index, little-endian:
 *
 *   0  magic "KVEC"      4  version u8 (1)     5  kind u8 (1 exact, 2 hnsw)   6  reserved u16 = 0
 *   8  dims u32          12 payload bytes u32  16 checksum u32 of the payload 20 payload
 *
 * The payload is written by each index (see `exact-index.ts`, `hnsw-index.ts`). Everything read
 * is bounds-checked; any mismatch throws `vector-index-corrupt`, so a damaged blob is refused
 * before it is used, never half-loaded.
 */
import { KianaError } from '@kiana/shared/errors';
import { checkDims } from './vector-index.ts';

const MAGIC = [0x4b, 0x56, 0x45, 0x43]; // "KVEC"
export const CODEC_VERSION = 1;
const HEADER = 20;
/** Length marker of a free slot in the id table. */
const FREE = 0xffff;
export const KIND_CODES = { exact: 1, hnsw: 2 } as const;
export type IndexKind = keyof typeof KIND_CODES;

/** The `vector-index-corrupt` error. */
export function corrupt(reason: string): KianaError {
  return new KianaError('vector-index-corrupt', `vector index bytes are damaged: ${reason}`);
}

/**
 * A 32-bit checksum over 4-byte words: each step is a bijection of the word, so any single
 * changed word changes the sum, and word-wise it runs at memory speed even for 1 GB.
 */
export function checksum(bytes: Uint8Array): number {
  const whole = bytes.length >>> 2;
  const words =
    bytes.byteOffset % 4 === 0
      ? new Int32Array(bytes.buffer, bytes.byteOffset, whole)
      : new Int32Array(bytes.slice(0, whole * 4).buffer);
  let h = 0x811c9dc5 ^ bytes.length;
  for (let i = 0; i < whole; i++) {
    h = Math.imul(h ^ (words[i] ?? 0), 0x01000193);
    h = (h << 13) | (h >>> 19);
  }
  for (let i = whole * 4; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] ?? 0), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** Collects the payload of an index in parts, then frames it with the header. */
export class ByteWriter {
  #parts: Uint8Array[] = [];
  #length = 0;

  bytes(part: Uint8Array): void {
    this.#parts.push(part);
    this.#length += part.length;
  }

  u32(value: number): void {
    const part = new Uint8Array(4);
    new DataView(part.buffer).setUint32(0, value, true);
    this.bytes(part);
  }

  /** Strings as u16 length + UTF-8; undefined (a free slot) as length 0xffff. */
  strings(values: readonly (string | undefined)[]): void {
    const encoder = new TextEncoder();
    for (const value of values) {
      if (value === undefined) {
        this.bytes(Uint8Array.of(0xff, 0xff));
        continue;
      }
      const utf8 = encoder.encode(value);
      if (utf8.length >= FREE) throw new KianaError('vector-invalid', 'id longer than 64 KiB');
      this.bytes(Uint8Array.of(utf8.length & 0xff, utf8.length >> 8));
      this.bytes(utf8);
    }
  }

  /** Header + payload as one array. */
  finish(kind: IndexKind, dims: number): Uint8Array {
    const out = new Uint8Array(HEADER + this.#length);
    let at = HEADER;
    for (const part of this.#parts) {
      out.set(part, at);
      at += part.length;
    }
    out.set(MAGIC, 0);
    const view = new DataView(out.buffer);
    view.setUint8(4, CODEC_VERSION);
    view.setUint8(5, KIND_CODES[kind]);
    view.setUint32(8, dims, true);
    view.setUint32(12, this.#length, true);
    view.setUint32(16, checksum(out.subarray(HEADER)), true);
    return out;
  }
}

/** The checked header of serialized bytes. */
export interface Envelope {
  kind: IndexKind;
  dims: number;
  payload: ByteReader;
}

/** Reads and checks the header and checksum; throws `vector-index-corrupt` on any mismatch. */
export function openEnvelope(bytes: Uint8Array): Envelope {
  if (!(bytes instanceof Uint8Array)) throw corrupt('not a byte array');
  if (bytes.length < HEADER) throw corrupt('shorter than the header');
  if (MAGIC.some((b, i) => bytes[i] !== b)) throw corrupt('not a Kiana vector index');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const version = view.getUint8(4);
  if (version !== CODEC_VERSION) throw corrupt(`unknown version ${version}`);
  const code = view.getUint8(5);
  const kind = (Object.keys(KIND_CODES) as IndexKind[]).find((k) => KIND_CODES[k] === code);
  if (!kind) throw corrupt(`unknown index kind ${code}`);
  if (view.getUint16(6, true) !== 0) throw corrupt('reserved bits set');
  const dims = view.getUint32(8, true);
  try {
    checkDims(dims);
  } catch {
    throw corrupt(`impossible vector length ${dims}`);
  }
  const length = view.getUint32(12, true);
  if (length !== bytes.length - HEADER) throw corrupt('payload length does not match');
  const payload = bytes.subarray(HEADER);
  if (checksum(payload) !== view.getUint32(16, true)) throw corrupt('checksum mismatch');
  return { kind, dims, payload: new ByteReader(payload) };
}

/** Bounds-checked reads from a payload. */
export class ByteReader {
  readonly bytes: Uint8Array;
  #view: DataView;
  at = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  }

  /** Claims `n` bytes and returns their offset; throws when they run past the end. */
  take(n: number): number {
    if (!Number.isSafeInteger(n) || n < 0 || this.at + n > this.bytes.length) {
      throw corrupt('truncated');
    }
    const at = this.at;
    this.at += n;
    return at;
  }

  u32(): number {
    return this.#view.getUint32(this.take(4), true);
  }

  /** `count` strings written by `ByteWriter.strings`. */
  strings(count: number): (string | undefined)[] {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const out: (string | undefined)[] = [];
    for (let i = 0; i < count; i++) {
      const at = this.take(2);
      const length = (this.bytes[at] ?? 0) | ((this.bytes[at + 1] ?? 0) << 8);
      if (length === FREE) {
        out.push(undefined);
        continue;
      }
      const from = this.take(length);
      try {
        out.push(decoder.decode(this.bytes.subarray(from, from + length)));
      } catch {
        throw corrupt('an id is not valid UTF-8');
      }
    }
    return out;
  }

  /** Int32 values, copied (the payload need not be aligned). */
  int32s(count: number): Int32Array {
    const from = this.take(count * 4);
    return new Int32Array(this.bytes.slice(from, from + count * 4).buffer);
  }

  /** Throws unless every byte was read. */
  end(): void {
    if (this.at !== this.bytes.length) throw corrupt('trailing bytes');
  }
}
