/**
 * A ratchet state as bytes, so the store can keep it in SQLite and a conversation survives a
 * reload, a crash or another tab taking over the store. Versioned; a stored state that does not
 * parse is `storage-corrupt` (it came from our own database, never from a peer).
 */
import { ByteReader, ByteWriter, fromHex, toHex } from '../../chain/bytes.ts';
import type { RatchetState } from './session.ts';

const STATE_VERSION = 1;
const KEY = 32;

function optionalKey(w: ByteWriter, key: Uint8Array | null): void {
  w.u8(key === null ? 0 : 1);
  if (key !== null) w.fixed(key, KEY);
}

function readOptionalKey(r: ByteReader): Uint8Array | null {
  return r.u8() === 0 ? null : r.fixed(KEY);
}

/** The state's bytes (they hold secret keys: only the store keeps them). */
export function encodeRatchetState(s: RatchetState): Uint8Array {
  const w = new ByteWriter(256 + s.skipped.length * 72);
  w.u8(STATE_VERSION).fixed(s.dhs.publicKey, KEY).fixed(s.dhs.secretKey, KEY).fixed(s.rootKey, KEY);
  optionalKey(w, s.dhr);
  optionalKey(w, s.sendKey);
  optionalKey(w, s.recvKey);
  w.u32(s.ns).u32(s.nr).u32(s.pn).bytes8(s.ad).u16(s.skipped.length);
  for (const k of s.skipped) {
    w.u8(k.dh === '' ? 0 : 1);
    if (k.dh !== '') w.fixed(fromHex(k.dh), KEY);
    w.u32(k.n).fixed(k.key, KEY);
  }
  return w.finish();
}

/** Parses bytes from `encodeRatchetState`; `storage-corrupt` when they are not such bytes. */
export function decodeRatchetState(bytes: Uint8Array): RatchetState {
  const r = new ByteReader(bytes, 'storage-corrupt');
  if (r.u8() !== STATE_VERSION) r.fail('unknown ratchet state version');
  const dhs = { publicKey: r.fixed(KEY), secretKey: r.fixed(KEY) };
  const rootKey = r.fixed(KEY);
  const dhr = readOptionalKey(r);
  const sendKey = readOptionalKey(r);
  const recvKey = readOptionalKey(r);
  const ns = r.u32();
  const nr = r.u32();
  const pn = r.u32();
  const ad = r.bytes8();
  const skipped = Array.from({ length: r.u16() }, () => {
    const dh = r.u8() === 0 ? '' : toHex(r.fixed(KEY));
    return { dh, n: r.u32(), key: r.fixed(KEY) };
  });
  r.end();
  return { dhs, dhr, rootKey, sendKey, recvKey, ns, nr, pn, skipped, ad };
}
