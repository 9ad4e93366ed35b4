/**
 * Sessions over a long-lived link: each sync message travels as `u32 session ‖ message`, so the
 * messages of a session that already ended (a late `abort`, replies still in flight) can never be
 * mistaken for those of the next session with the same peer (docs/PROTOCOL.md, "Sessions on a
 * link").
 */
import { KianaError } from '@kiana/shared/errors';
import { MAX_MESSAGE_BYTES } from './messages.ts';

/** Bytes of the session number in front of every message. */
export const FRAME_HEADER_BYTES = 4;
/** The type byte of `hello`, the only message that may open a session. */
export const HELLO_TYPE = 1;

/** One framed message. */
export interface Frame {
  readonly session: number;
  readonly message: Uint8Array;
}

/** `session ‖ message`. */
export function encodeFrame(session: number, message: Uint8Array): Uint8Array {
  const out = new Uint8Array(FRAME_HEADER_BYTES + message.length);
  new DataView(out.buffer).setUint32(0, session >>> 0);
  out.set(message, FRAME_HEADER_BYTES);
  return out;
}

/** Splits a frame; `sync-protocol` when it is too short or too long. */
export function decodeFrame(bytes: Uint8Array): Frame {
  if (bytes.length <= FRAME_HEADER_BYTES || bytes.length > FRAME_HEADER_BYTES + MAX_MESSAGE_BYTES) {
    throw new KianaError('sync-protocol', `a frame of ${bytes.length} bytes`);
  }
  const session = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  return { session, message: bytes.subarray(FRAME_HEADER_BYTES) };
}
