/**
 * The frames of the mesh topic `msg` (docs/PROTOCOL.md › Messages › On the mesh): one type byte,
 * then a ratchet message, or a list of message ids that were delivered or read. Receipts travel
 * in clear inside the authenticated DTLS channel: they carry only ids, which are hashes.
 * Everything a peer sends is parsed here before anything else looks at it.
 */
import { KianaError } from '@kiana/shared/errors';
import { ByteReader, ByteWriter, fromHex, toHex } from '../chain/bytes.ts';

/** The mesh topic of messaging, beside chain sync's `sync`. */
export const MESSAGE_TOPIC = 'msg';
/** Largest ratchet message a frame may carry (a 100k-character text is < 400 KiB as UTF-8). */
export const MAX_CIPHER_BYTES = 512 * 1024;
/** Most ids in one receipt. */
export const MAX_RECEIPT_IDS = 512;
const ID_BYTES = 32;

export type MessageFrame =
  | { readonly type: 'cipher'; readonly bytes: Uint8Array }
  | { readonly type: 'delivered' | 'read'; readonly ids: readonly string[] };

const TYPE_BYTE = { cipher: 1, delivered: 2, read: 3 } as const;

export function encodeFrame(f: MessageFrame): Uint8Array {
  if (f.type === 'cipher') {
    const out = new Uint8Array(1 + f.bytes.length);
    out[0] = TYPE_BYTE.cipher;
    out.set(f.bytes, 1);
    return out;
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
  if (type === TYPE_BYTE.delivered || type === TYPE_BYTE.read) {
    const r = new ByteReader(bytes.subarray(1), 'bad-message');
    const n = r.u16();
    if (n > MAX_RECEIPT_IDS) r.fail('receipt too long');
    const ids = Array.from({ length: n }, () => toHex(r.fixed(ID_BYTES)));
    r.end();
    return { type: type === TYPE_BYTE.read ? 'read' : 'delivered', ids };
  }
  throw new KianaError('bad-message', `unknown message frame type ${String(type)}`);
}

/** A message id (64 hex characters) as bytes. */
export function idBytes(id: string): Uint8Array {
  if (!MESSAGE_ID.test(id)) throw new KianaError('bad-message', 'not a message id');
  return fromHex(id);
}

/** A message id: SHA-256 as lowercase hex. */
export const MESSAGE_ID = /^[0-9a-f]{64}$/;
