/**
 * Files in a conversation (docs/PROTOCOL.md › Messages › Files): the announcement a ratchet
 * message carries, and the chunks that travel beside it. Each file gets its own random key, sent
 * only inside the announcement, so the chunks need no ratchet step each and can be sent again,
 * byte for byte, after any reconnect. A chunk is XChaCha20-Poly1305 under that key with its index
 * and the chunk count in the associated data, so a chunk cannot be moved, dropped from the end or
 * taken from another file; the SHA-256 of the whole file is checked once all chunks are in.
 */
import { KianaError } from '@kiana/shared/errors';
import { cleanText } from '@kiana/shared/clean-text';
import { ByteWriter } from '../chain/bytes.ts';
import type { RatchetSuite } from '../crypto/ratchet/suite.ts';

/** Largest file a conversation takes (50 MB). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** Plaintext bytes per chunk: 16 mesh frames, few enough store calls for 50 MB (200). */
export const CHUNK_BYTES = 256 * 1024;
/** A chunk's Poly1305 tag. */
export const CHUNK_TAG_BYTES = 16;
/** A file's key (XChaCha20-Poly1305). */
export const FILE_KEY_BYTES = 32;
/** A transfer id: 16 random bytes, as 32 hex characters. */
export const TRANSFER_ID = /^[0-9a-f]{32}$/;
export const SHA256_HEX = /^[0-9a-f]{64}$/;
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/;
const MAX_NAME = 255;

/** What a conversation shows of a file; the key travels beside it, never to the UI. */
export interface FileBody {
  readonly kind: 'file';
  readonly name: string;
  /** Media type as the sender's browser named it (`application/octet-stream` when unknown). */
  readonly mime: string;
  readonly size: number;
  /** SHA-256 of the whole file, lowercase hex. */
  readonly sha256: string;
  readonly transfer: string;
}

/** Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

const bad = (why: string): never => {
  throw new KianaError('bad-message', `file: ${why}`);
};

/** Checks a file announcement's fields (from a peer or from our own UI); `bad-message` if not. */
export function checkFileBody(o: Record<string, unknown>): FileBody {
  const { name, mime, size, sha256, transfer } = o;
  if (typeof name !== 'string' || name.length > MAX_NAME) return bad('name');
  // Direction overrides would let "photo\u202Egpj.exe" show as "photoexe.jpg" and be saved as
  // an .exe: a file name keeps no bidi controls.
  const clean = cleanText(name).replace(BIDI_CONTROLS, '').trim();
  if (clean === '') return bad('empty name');
  if (typeof mime !== 'string') return bad('media type');
  const type = mime.toLowerCase();
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return bad('size');
  if (size > MAX_FILE_BYTES) throw tooLarge(size);
  if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) return bad('hash');
  if (typeof transfer !== 'string' || !TRANSFER_ID.test(transfer)) return bad('transfer');
  return {
    kind: 'file',
    name: clean,
    mime: MIME.test(type) ? type : 'application/octet-stream',
    size,
    sha256,
    transfer,
  };
}

/** The refusal of a file over {@link MAX_FILE_BYTES}. */
export function tooLarge(size: number): KianaError {
  return new KianaError('file-too-large', `a file of ${size} bytes is over the 50 MB limit`);
}

/** How many chunks a file of `size` bytes has (an empty file is one empty chunk). */
export function chunkCount(size: number): number {
  return Math.max(1, Math.ceil(size / CHUNK_BYTES));
}

/** The plaintext length chunk `index` of a file of `size` bytes must have. */
export function chunkLength(size: number, index: number): number {
  const count = chunkCount(size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
    throw new KianaError('bad-message', `file: no chunk ${index} of ${count}`);
  }
  return index < count - 1 ? CHUNK_BYTES : size - (count - 1) * CHUNK_BYTES;
}

/** `"kiana/file/v1" ‖ transfer ‖ u32 index ‖ u32 count`: binds a chunk to its place. */
function chunkAd(transfer: Uint8Array, index: number, count: number): Uint8Array {
  return new ByteWriter(64)
    .str8('kiana/file/v1')
    .fixed(transfer, 16)
    .u32(index)
    .u32(count)
    .finish();
}

/**
 * The nonce is the index: each file has its own key and each index is sealed once (the sender
 * keeps the sealed chunk and sends the same bytes again), so a nonce never repeats under a key.
 */
function chunkNonce(index: number): Uint8Array {
  const nonce = new Uint8Array(24);
  new DataView(nonce.buffer).setUint32(20, index);
  return nonce;
}

/** Where a chunk belongs: its file's transfer id (bytes), key, index and chunk count. */
export interface ChunkPlace {
  readonly transfer: Uint8Array;
  readonly key: Uint8Array;
  readonly index: number;
  readonly count: number;
}

/** Seals one chunk's plaintext. */
export function sealChunk(suite: RatchetSuite, at: ChunkPlace, plaintext: Uint8Array): Uint8Array {
  return suite.seal(
    at.key,
    chunkNonce(at.index),
    plaintext,
    chunkAd(at.transfer, at.index, at.count),
  );
}

/**
 * Opens one chunk; `file-chunk-rejected` when it does not verify (changed on the way, from
 * another file or another place in this one) or has the wrong length for its place.
 */
export function openChunk(
  suite: RatchetSuite,
  at: ChunkPlace,
  sealed: Uint8Array,
  expectedLength: number,
): Uint8Array {
  const plain = suite.open(
    at.key,
    chunkNonce(at.index),
    sealed,
    chunkAd(at.transfer, at.index, at.count),
  );
  if (plain === null) {
    throw new KianaError('file-chunk-rejected', `chunk ${at.index} of a file did not verify`);
  }
  if (plain.length !== expectedLength) {
    throw new KianaError('file-chunk-rejected', `chunk ${at.index} has ${plain.length} bytes`);
  }
  return plain;
}

/** The id of a new transfer's announcement content, for the message id (see id.ts). */
export function fileContent(body: FileBody): unknown[] {
  return [body.name, body.mime, body.size, body.sha256, body.transfer];
}
