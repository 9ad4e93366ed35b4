/**
 * Messaging's wire parts: mesh frames (`msg` topic), the envelope inside the encryption, and the
 * ratchet state as stored. Everything from a peer is refused with `bad-message` when malformed.
 */
import { describe, expect, it } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import { decrypt, encrypt, startSession } from '../../../src/core/crypto/ratchet/session.ts';
import {
  decodeRatchetState,
  encodeRatchetState,
} from '../../../src/core/crypto/ratchet/state-codec.ts';
import { loadRatchetSuite } from '../../../src/core/crypto/ratchet/suite.ts';
import { decodeEnvelope, encodeEnvelope } from '../../../src/core/messaging/envelope.ts';
import { encodeFrame, parseFrame } from '../../../src/core/messaging/frames.ts';
import { utf8 } from '../../../src/core/chain/bytes.ts';
import { deviceKeys } from '../chain/helpers.ts';

const ID = 'ab'.repeat(32);
const code = (f: () => unknown): string => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return e instanceof KianaError ? e.code : 'not-a-kiana-error';
  }
};

describe('message frames', () => {
  it('carry a ciphertext or receipts and read back as written', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(parseFrame(encodeFrame({ type: 'cipher', bytes }))).toEqual({ type: 'cipher', bytes });
    for (const type of ['delivered', 'read'] as const) {
      expect(parseFrame(encodeFrame({ type, ids: [ID, 'cd'.repeat(32)] }))).toEqual({
        type,
        ids: [ID, 'cd'.repeat(32)],
      });
    }
  });

  it('refuse unknown types, cut receipts and oversized ciphertexts', () => {
    expect(code(() => parseFrame(new Uint8Array([9, 0])))).toBe('bad-message');
    expect(code(() => parseFrame(new Uint8Array([])))).toBe('bad-message');
    const receipt = encodeFrame({ type: 'read', ids: [ID] });
    expect(code(() => parseFrame(receipt.subarray(0, receipt.length - 1)))).toBe('bad-message');
    expect(code(() => parseFrame(new Uint8Array([...receipt, 0])))).toBe('bad-message');
    expect(code(() => parseFrame(new Uint8Array(1 + 512 * 1024 + 1).fill(1)))).toBe('bad-message');
  });
});

describe('message envelopes', () => {
  it('read back text and memories, cleaned', () => {
    const memory = { kind: 'memory', text: 'milk', tags: [' shop ', 'shop'] } as const;
    expect(decodeEnvelope(encodeEnvelope({ counter: 3, body: memory }))).toEqual({
      counter: 3,
      body: { kind: 'memory', text: 'milk', tags: ['shop'] },
    });
  });

  it('refuse what a hostile peer could encrypt: other kinds, bad counters, not JSON', () => {
    const json = (v: unknown) => utf8(JSON.stringify(v));
    for (const bad of [
      json({ v: 1, c: 1, k: 'file', text: 'x' }),
      json({ v: 2, c: 1, k: 'text', text: 'x' }),
      json({ v: 1, c: 0, k: 'text', text: 'x' }),
      json({ v: 1, c: 1.5, k: 'text', text: 'x' }),
      json({ v: 1, c: 1, k: 'text', text: '   ' }),
      json({ v: 1, c: 1, k: 'memory', text: 'x', tags: [1] }),
      json([1]),
      new Uint8Array([0xff, 0xfe]),
    ]) {
      expect(code(() => decodeEnvelope(bad))).toBe('bad-message');
    }
  });
});

describe('ratchet state as stored', () => {
  it('reads back a state that goes on decrypting where it left off', async () => {
    const suite = await loadRatchetSuite();
    const [a, b] = [deviceKeys(1), deviceKeys(2)];
    const secret = new Uint8Array(32).fill(1);
    const party = (me: typeof a, peer: typeof a) => ({
      me: { deviceId: me.deviceId, boxPublicKey: me.boxPublicKey, boxSecretKey: me.boxSecretKey },
      peer: { deviceId: peer.deviceId, boxKey: peer.boxPublicKey },
      pairingSecret: secret,
    });
    let sa = startSession(suite, party(a, b));
    let sb = startSession(suite, party(b, a));
    const first = encrypt(suite, sa, utf8('one'));
    const second = encrypt(suite, first.state, utf8('two'));
    sa = decodeRatchetState(encodeRatchetState(second.state));
    // Out of order: the second first, so a skipped key is stored and read back.
    sb = decodeRatchetState(encodeRatchetState(decrypt(suite, sb, second.message).state));
    expect(sb.skipped).toHaveLength(1);
    const opened = decrypt(suite, sb, first.message);
    expect(new TextDecoder().decode(opened.plaintext)).toBe('one');
    expect(encrypt(suite, sa, utf8('three')).state.ns).toBe(3);
  });

  it('refuses bytes that are not a stored state', () => {
    expect(code(() => decodeRatchetState(new Uint8Array([2])))).toBe('storage-corrupt');
    expect(code(() => decodeRatchetState(new Uint8Array([1, 2, 3])))).toBe('storage-corrupt');
  });
});
