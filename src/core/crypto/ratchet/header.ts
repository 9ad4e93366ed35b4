/**
 * The wire form of one ratchet message: a 41-byte header (version, the sender's current ratchet
 * public key, the length of its previous sending chain, the message number), a 24-byte nonce and
 * the XChaCha20-Poly1305 ciphertext with its 16-byte tag. The header travels in clear (the
 * receiver needs it to find the key) and is authenticated as associated data.
 */
import { KianaError } from '@kiana/shared/errors';

export const RATCHET_VERSION = 1;
export const HEADER_BYTES = 41;
export const NONCE_BYTES = 24;
const TAG_BYTES = 16;

export interface Header {
  /** The sender's ratchet public key (X25519). */
  readonly dh: Uint8Array;
  /** Messages in the sender's previous sending chain. */
  readonly pn: number;
  /** This message's number in the current sending chain. */
  readonly n: number;
}

export function encodeHeader(h: Header): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES);
  const view = new DataView(out.buffer);
  out[0] = RATCHET_VERSION;
  out.set(h.dh, 1);
  view.setUint32(33, h.pn);
  view.setUint32(37, h.n);
  return out;
}

/** Splits a message into its header (raw and parsed), nonce and sealed bytes; `bad-message` if malformed. */
export function splitMessage(bytes: Uint8Array): {
  raw: Uint8Array;
  header: Header;
  nonce: Uint8Array;
  sealed: Uint8Array;
} {
  if (bytes.length < HEADER_BYTES + NONCE_BYTES + TAG_BYTES) {
    throw new KianaError('bad-message', 'ratchet message too short');
  }
  if (bytes[0] !== RATCHET_VERSION) {
    throw new KianaError('bad-message', `ratchet message version ${bytes[0]} is not supported`);
  }
  const raw = bytes.slice(0, HEADER_BYTES);
  const view = new DataView(raw.buffer);
  return {
    raw,
    header: { dh: raw.slice(1, 33), pn: view.getUint32(33), n: view.getUint32(37) },
    nonce: bytes.slice(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES),
    sealed: bytes.slice(HEADER_BYTES + NONCE_BYTES),
  };
}
