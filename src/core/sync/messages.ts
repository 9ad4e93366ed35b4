/**
 * Sync messages: a tagged union and its canonical binary encoding (docs/PROTOCOL.md, "Sync
 * messages"). Every byte from a peer goes through `decodeMessage`, which refuses anything
 * malformed or over a limit with `sync-protocol` and never throws anything else.
 */
import { KianaError } from '@kiana/shared/errors';
import { ByteReader, ByteWriter, utf8 } from '../chain/bytes.ts';
import { HASH_BYTES, MAX_BLOCK_BYTES, MAX_CONTENT_BYTES } from '../chain/limits.ts';

/** The sync protocol version in `hello`. */
export const SYNC_VERSION = 1;
/** Largest message either side sends or accepts. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
/** Most hashes in a locator, probe or want list. */
export const MAX_HASHES = 256;
/** Most elements of a consistency proof. */
export const MAX_PROOF = 128;
/** Most blocks or blobs in one message. */
export const MAX_ITEMS = 1024;
/** Longest reason in an `abort`, in UTF-8 bytes. */
export const MAX_REASON_BYTES = 800;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A blob and the hash it must have. */
export interface ContentItem {
  readonly hash: Uint8Array;
  readonly bytes: Uint8Array;
}

/** Opens a pull: who I am and what I have. `head` is empty when my chain is. */
export interface Hello {
  readonly type: 'hello';
  readonly version: number;
  readonly genesis: Uint8Array;
  readonly head: Uint8Array;
  readonly height: number;
  /** My canonical hashes at `locatorHeights(height)`. */
  readonly locator: readonly Uint8Array[];
  /** Leaves of my other branches (a download cut short), highest first. */
  readonly tips: readonly Uint8Array[];
}

/** The fork point lies in [low, high): show me hashes in between. */
export interface Narrow {
  readonly type: 'narrow';
  readonly low: number;
  readonly high: number;
}

/** My hashes at `probeHeights(low, high)`. */
export interface Probe {
  readonly type: 'probe';
  readonly low: number;
  readonly high: number;
  readonly hashes: readonly Uint8Array[];
}

/** A chunk of the blocks after `base` towards `head`. */
export interface Blocks {
  readonly type: 'blocks';
  /** The last block we share (all zero: none, send from genesis). */
  readonly base: Uint8Array;
  /** The head header this transfer leads to; empty when it is the last block sent here. */
  readonly head: Uint8Array;
  /** RFC 6962 consistency proof: base's log (height + 1 blocks) is a prefix of head's log. */
  readonly proof: readonly Uint8Array[];
  readonly blocks: readonly Uint8Array[];
  readonly contents: readonly ContentItem[];
  /** True when more blocks follow on request (`more`). */
  readonly more: boolean;
}

/** Send the next chunk after this block. */
export interface More {
  readonly type: 'more';
  readonly after: Uint8Array;
}

/** I have nothing you lack. */
export interface UpToDate {
  readonly type: 'up-to-date';
}

/** Send me these blobs. */
export interface Want {
  readonly type: 'want';
  readonly hashes: readonly Uint8Array[];
}

/** Blobs asked for; `more` when some that I have did not fit. */
export interface Contents {
  readonly type: 'contents';
  readonly contents: readonly ContentItem[];
  readonly more: boolean;
}

/** My pull is complete. */
export interface Done {
  readonly type: 'done';
}

/** I stop this session, and why. */
export interface Abort {
  readonly type: 'abort';
  readonly code: string;
  readonly message: string;
}

/** Every sync message. */
export type SyncMessage =
  Hello | Narrow | Probe | Blocks | More | UpToDate | Want | Contents | Done | Abort;

const TYPES = [
  'hello',
  'narrow',
  'probe',
  'blocks',
  'more',
  'up-to-date',
  'want',
  'contents',
  'done',
  'abort',
] as const satisfies readonly SyncMessage['type'][];

function writeHashes(w: ByteWriter, hashes: readonly Uint8Array[]): void {
  w.u16(hashes.length);
  for (const h of hashes) w.fixed(h, HASH_BYTES);
}

function readHashes(r: ByteReader, max: number): Uint8Array[] {
  const n = r.u16();
  if (n > max) r.fail(`${n} hashes`);
  return Array.from({ length: n }, () => r.fixed(HASH_BYTES));
}

function writeContents(w: ByteWriter, items: readonly ContentItem[]): void {
  w.u16(items.length);
  for (const c of items) w.fixed(c.hash, HASH_BYTES).bytes32(c.bytes);
}

function readContents(r: ByteReader): ContentItem[] {
  const n = r.u16();
  if (n > MAX_ITEMS) r.fail(`${n} blobs`);
  return Array.from({ length: n }, () => ({
    hash: r.fixed(HASH_BYTES),
    bytes: r.bytes32(MAX_CONTENT_BYTES),
  }));
}

function writeBody(w: ByteWriter, m: SyncMessage): void {
  switch (m.type) {
    case 'hello':
      w.u16(m.version).fixed(m.genesis, HASH_BYTES).fixed(m.head, HASH_BYTES).u32(m.height);
      writeHashes(w, m.locator);
      writeHashes(w, m.tips);
      return;
    case 'narrow':
      w.u32(m.low).u32(m.high);
      return;
    case 'probe':
      w.u32(m.low).u32(m.high);
      writeHashes(w, m.hashes);
      return;
    case 'blocks':
      w.fixed(m.base, HASH_BYTES).bytes32(m.head);
      writeHashes(w, m.proof);
      w.u16(m.blocks.length);
      for (const b of m.blocks) w.bytes32(b);
      writeContents(w, m.contents);
      w.u8(m.more ? 1 : 0);
      return;
    case 'more':
      w.fixed(m.after, HASH_BYTES);
      return;
    case 'want':
      writeHashes(w, m.hashes);
      return;
    case 'contents':
      writeContents(w, m.contents);
      w.u8(m.more ? 1 : 0);
      return;
    case 'abort':
      w.str8(m.code).bytes32(utf8(m.message));
      return;
    case 'up-to-date':
    case 'done':
      return;
  }
}

/** The wire form of `message`. */
export function encodeMessage(message: SyncMessage): Uint8Array {
  const w = new ByteWriter();
  w.u8(TYPES.indexOf(message.type) + 1);
  writeBody(w, message);
  return w.finish();
}

function readFlag(r: ByteReader): boolean {
  const flag = r.u8();
  if (flag > 1) r.fail('flag must be 0 or 1');
  return flag === 1;
}

function readBody(r: ByteReader, type: SyncMessage['type']): SyncMessage {
  switch (type) {
    case 'hello': {
      const version = r.u16();
      const genesis = r.fixed(HASH_BYTES);
      const head = r.fixed(HASH_BYTES);
      const height = r.u32();
      const locator = readHashes(r, MAX_HASHES);
      return { type, version, genesis, head, height, locator, tips: readHashes(r, MAX_HASHES) };
    }
    case 'narrow':
    case 'probe': {
      const low = r.u32();
      const high = r.u32();
      if (high <= low + 1) r.fail('an empty range');
      if (type === 'narrow') return { type, low, high };
      return { type, low, high, hashes: readHashes(r, MAX_HASHES) };
    }
    case 'blocks': {
      const base = r.fixed(HASH_BYTES);
      const head = r.bytes32(MAX_BLOCK_BYTES);
      const proof = readHashes(r, MAX_PROOF);
      const n = r.u16();
      if (n > MAX_ITEMS) r.fail(`${n} blocks`);
      const blocks = Array.from({ length: n }, () => r.bytes32(MAX_BLOCK_BYTES));
      const contents = readContents(r);
      return { type, base, head, proof, blocks, contents, more: readFlag(r) };
    }
    case 'more':
      return { type, after: r.fixed(HASH_BYTES) };
    case 'want':
      return { type, hashes: readHashes(r, MAX_HASHES) };
    case 'contents':
      return { type, contents: readContents(r), more: readFlag(r) };
    case 'abort': {
      const code = r.str8();
      const bytes = r.bytes32(MAX_REASON_BYTES);
      try {
        return { type, code, message: strictUtf8.decode(bytes) };
      } catch {
        return r.fail('invalid UTF-8');
      }
    }
    case 'up-to-date':
    case 'done':
      return { type };
  }
}

/** Decodes one message from a peer; throws `sync-protocol` (only) on anything malformed. */
export function decodeMessage(bytes: Uint8Array): SyncMessage {
  const r = new ByteReader(bytes, 'sync-protocol');
  if (bytes.length > MAX_MESSAGE_BYTES) r.fail(`message of ${bytes.length} bytes`);
  const type = TYPES[r.u8() - 1];
  if (type === undefined) return r.fail('unknown message type');
  const message = readBody(r, type);
  r.end();
  return message;
}

/** Like `decodeMessage`, answering the error instead of throwing it. */
export function tryDecodeMessage(bytes: Uint8Array): SyncMessage | KianaError {
  try {
    return decodeMessage(bytes);
  } catch (error) {
    return error instanceof KianaError ? error : new KianaError('sync-protocol', String(error));
  }
}
