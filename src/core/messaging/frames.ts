/**
 * The frames of the mesh topic `msg` (docs/PROTOCOL.md › Messages › On the mesh): one type byte,
 * then a ratchet message, or a list of message ids that were delivered or read. Receipts travel
 * in clear inside the authenticated DTLS channel: they carry only ids, which are hashes.
 * Everything a peer sends is parsed here before anything else looks at it.
 */
import { KianaError } from '@kiana/shared/errors';
import { ByteReader, ByteWriter, fromHex, toHex } from '../chain/bytes.ts';
import { CHUNK_BYTES, CHUNK_TAG_BYTES, TRANSFER_ID } from './files.ts';

/** The mesh topic of messaging, beside chain sync's `sync`. */
export const MESSAGE_TOPIC = 'msg';
/** Largest ratchet message a frame may carry (a 100k-character text is < 400 KiB as UTF-8). */
export const MAX_CIPHER_BYTES = 512 * 1024;
/** Most ids in one receipt. */
export const MAX_RECEIPT_IDS = 512;
/** Most chunk indices one `want` asks for. */
export const MAX_WANT = 64;
const ID_BYTES = 32;
const TRANSFER_BYTES = 16;

export type MessageFrame =
  | { readonly type: 'cipher'; readonly bytes: Uint8Array }
  | { readonly type: 'delivered' | 'read' | 'read-ack'; readonly ids: readonly string[] }
  /** One sealed chunk of a file (files.ts). */
  | {
      readonly type: 'chunk';
      readonly transfer: string;
      readonly index: number;
      readonly bytes: Uint8Array;
    }
  /** The receiver of a file: how many chunks it holds, and which it asks for next. */
  | {
      readonly type: 'want';
      readonly transfer: string;
      readonly have: number;
      readonly indices: readonly number[];
    };

const TYPE_BYTE = { cipher: 1, delivered: 2, read: 3, chunk: 4, want: 5, 'read-ack': 6 } as const;
const ID_LISTS = { 2: 'delivered', 3: 'read', 6: 'read-ack' } as const;

export function encodeFrame(f: MessageFrame): Uint8Array {
  if (f.type === 'cipher') {
    const out = new Uint8Array(1 + f.bytes.length);
    out[0] = TYPE_BYTE.cipher;
    out.set(f.bytes, 1);
    return out;
  }
  if (f.type === 'chunk') {
    return new ByteWriter(1 + TRANSFER_BYTES + 4 + f.bytes.length)
      .u8(TYPE_BYTE.chunk)
      .fixed(transferBytes(f.transfer), TRANSFER_BYTES)
      .u32(f.index)
      .raw(f.bytes)
      .finish();
  }
  if (f.type === 'want') {
    if (f.indices.length > MAX_WANT) throw new KianaError('internal', 'want too long');
    const w = new ByteWriter(1 + TRANSFER_BYTES + 6 + 4 * f.indices.length)
      .u8(TYPE_BYTE.want)
      .fixed(transferBytes(f.transfer), TRANSFER_BYTES)
      .u32(f.have)
      .u16(f.indices.length);
    for (const i of f.indices) w.u32(i);
    return w.finish();
  }
  if (f.ids.length > MAX_RECEIPT_IDS) throw new KianaError('internal', 'receipt too long');
  const w = new ByteWriter(3 + f.ids.length * ID_BYTES).u8(TYPE_BYTE[f.type]).u16(f.ids.length);
  for (const id of f.ids) w.fixed(idBytes(id), ID_BYTES);
  return w.finish();
}

/** Parses a frame from a peer; `bad-message` for anything malformed. */
export function parseFrame(bytes: Uint8Array): MessageFrame {
  const type = bytes[0];
  if (type === TYPE_BYTE.cipher) {
    if (bytes.length - 1 > MAX_CIPHER_BYTES) {
      throw new KianaError('bad-message', 'message frame too large');
    }
    return { type: 'cipher', bytes: bytes.slice(1) };
  }
  const r = new ByteReader(bytes.subarray(1), 'bad-message');
  if (type === 2 || type === 3 || type === 6) {
    const n = r.u16();
    if (n > MAX_RECEIPT_IDS) r.fail('receipt too long');
    const ids = Array.from({ length: n }, () => toHex(r.fixed(ID_BYTES)));
    r.end();
    return { type: ID_LISTS[type], ids };
  }
  if (type === TYPE_BYTE.chunk) {
    const transfer = toHex(r.fixed(TRANSFER_BYTES));
    const index = r.u32();
    const sealed = bytes.slice(r.offset + 1);
    if (sealed.length > CHUNK_BYTES + CHUNK_TAG_BYTES) r.fail('chunk too large');
    return { type: 'chunk', transfer, index, bytes: sealed };
  }
  if (type === TYPE_BYTE.want) {
    const transfer = toHex(r.fixed(TRANSFER_BYTES));
    const have = r.u32();
    const n = r.u16();
    if (n > MAX_WANT) r.fail('want too long');
    const indices = Array.from({ length: n }, () => r.u32());
    r.end();
    return { type: 'want', transfer, have, indices };
  }
  throw new KianaError('bad-message', `unknown message frame type ${String(type)}`);
}

/** A message id (64 hex characters) as bytes. */
export function idBytes(id: string): Uint8Array {
  if (!MESSAGE_ID.test(id)) throw new KianaError('bad-message', 'not a message id');
  return fromHex(id);
}

/** A transfer id (32 hex characters) as bytes. */
export function transferBytes(id: string): Uint8Array {
  if (!TRANSFER_ID.test(id)) throw new KianaError('bad-message', 'not a transfer id');
  return fromHex(id);
}

/** A message id: SHA-256 as lowercase hex. */
export const MESSAGE_ID = /^[0-9a-f]{64}$/;
