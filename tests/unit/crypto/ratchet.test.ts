/**
 * The Double Ratchet between two paired devices: both may write first, messages arrive out of
 * order, lost ones are bounded, tampered and replayed ones are refused without harming the
 * conversation, a stolen old state cannot read later messages, and a standard NaCl
 * implementation (python3-nacl) opens a message given its key.
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import { hkdf, kdfChain } from '../../../src/core/crypto/ratchet/kdf.ts';
import {
  MAX_SKIP,
  decrypt,
  encrypt,
  startSession,
  type Parties,
  type RatchetState,
} from '../../../src/core/crypto/ratchet/session.ts';
import { loadRatchetSuite, type RatchetSuite } from '../../../src/core/crypto/ratchet/suite.ts';

let suite: RatchetSuite;
beforeAll(async () => {
  suite = await loadRatchetSuite();
});

const text = (s: string) => new TextEncoder().encode(s);
const read = (b: Uint8Array) => new TextDecoder().decode(b);
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** One end of a conversation: its state moves on with every call, as a store would keep it. */
class End {
  constructor(public state: RatchetState) {}
  send(s: string): Uint8Array {
    const out = encrypt(suite, this.state, text(s));
    this.state = out.state;
    return out.message;
  }
  receive(message: Uint8Array): string {
    const out = decrypt(suite, this.state, message);
    this.state = out.state;
    return read(out.plaintext);
  }
}

/** Two devices paired: ids ordered so `low` is the one with the lower id. */
function pair(): { low: End; high: End } {
  const lowKeys = suite.keyPair();
  const highKeys = suite.keyPair();
  const secret = suite.randomBytes(32);
  const party = (
    me: { publicKey: Uint8Array; secretKey: Uint8Array },
    id: string,
    peer: { publicKey: Uint8Array },
    peerId: string,
  ): Parties => ({
    me: { deviceId: id, boxPublicKey: me.publicKey, boxSecretKey: me.secretKey },
    peer: { deviceId: peerId, boxKey: peer.publicKey },
    pairingSecret: secret,
  });
  return {
    low: new End(startSession(suite, party(lowKeys, 'aaaa', highKeys, 'bbbb'))),
    high: new End(startSession(suite, party(highKeys, 'bbbb', lowKeys, 'aaaa'))),
  };
}

function codeOf(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    return e instanceof KianaError ? e.code : String(e);
  }
}

describe('HKDF-SHA256', () => {
  it('matches RFC 5869 test case 1', () => {
    const okm = hkdf(
      suite,
      Uint8Array.from({ length: 13 }, (_, i) => i),
      new Uint8Array(22).fill(0x0b),
      Uint8Array.from({ length: 10 }, (_, i) => 0xf0 + i),
      42,
    );
    expect(hexOf(okm)).toBe(
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    );
  });
});

describe('the double ratchet', () => {
  it('carries a conversation both ways, and either device may write first', () => {
    for (const first of ['low', 'high'] as const) {
      const ends = pair();
      const [a, b] = first === 'low' ? [ends.low, ends.high] : [ends.high, ends.low];
      expect(b.receive(a.send('hello'))).toBe('hello');
      expect(a.receive(b.send('hi back'))).toBe('hi back');
      for (let i = 0; i < 5; i++) {
        expect(b.receive(a.send(`a${i}`))).toBe(`a${i}`);
        expect(a.receive(b.send(`b${i}`))).toBe(`b${i}`);
      }
    }
  });

  it('works when both write before hearing from the other', () => {
    const { low, high } = pair();
    const fromLow = low.send('from low');
    const fromHigh = high.send('from high');
    expect(high.receive(fromLow)).toBe('from low');
    expect(low.receive(fromHigh)).toBe('from high');
    expect(high.receive(low.send('again'))).toBe('again');
    expect(low.receive(high.send('and again'))).toBe('and again');
  });

  it('reads messages out of order, across ratchet steps', () => {
    const { low, high } = pair();
    const [m0, m1, m2, m3] = [0, 1, 2, 3].map((i) => low.send(`m${i}`)) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    expect(high.receive(m2)).toBe('m2');
    const reply = high.send('reply');
    expect(low.receive(reply)).toBe('reply');
    const later = low.send('later');
    expect(high.receive(later)).toBe('later');
    // The skipped ones still open, in any order, each once.
    expect(high.receive(m0)).toBe('m0');
    expect(high.receive(m3)).toBe('m3');
    expect(high.receive(m1)).toBe('m1');
    expect(high.state.skipped).toHaveLength(0);
  });

  it(`refuses a message more than ${MAX_SKIP} ahead, and keeps the conversation`, () => {
    const { low, high } = pair();
    let far: Uint8Array = new Uint8Array();
    for (let i = 0; i <= MAX_SKIP + 1; i++) far = low.send(`m${i}`);
    const before = high.state;
    expect(codeOf(() => high.receive(far))).toBe('message-rejected');
    expect(high.state).toBe(before);
    const near = pair();
    expect(near.high.receive(near.low.send('still fine'))).toBe('still fine');
  });

  it('refuses tampered bytes anywhere in a message, and the state stays usable', () => {
    const { low, high } = pair();
    expect(high.receive(low.send('warm up'))).toBe('warm up');
    const message = low.send('secret');
    for (const at of [0, 5, 34, 38, 41, 50, message.length - 1]) {
      const forged = message.slice();
      forged.set([(forged[at] ?? 0) ^ 1], at);
      const code = codeOf(() => high.receive(forged));
      expect(['message-rejected', 'bad-message']).toContain(code);
    }
    expect(high.receive(message)).toBe('secret');
  });

  it('refuses a replayed message', () => {
    const { low, high } = pair();
    const message = low.send('once');
    expect(high.receive(message)).toBe('once');
    expect(codeOf(() => high.receive(message))).toBe('message-replayed');
    const x = low.send('x');
    const y = low.send('y');
    expect(high.receive(y)).toBe('y');
    expect(high.receive(x)).toBe('x');
    expect(codeOf(() => high.receive(x))).toBe('message-replayed');
  });

  it('refuses a message from another pairing', () => {
    const one = pair();
    const other = pair();
    expect(codeOf(() => other.high.receive(one.low.send('not for you')))).toBe('message-rejected');
  });

  it('a stolen state cannot read messages after the next round trip (post-compromise security)', () => {
    const { low, high } = pair();
    expect(high.receive(low.send('before'))).toBe('before');
    expect(low.receive(high.send('before, reply'))).toBe('before, reply');
    const stolen = structuredClone(high.state);
    // The thief can read what is sent on the current chains...
    const now = low.send('now');
    expect(read(decrypt(suite, stolen, now).plaintext)).toBe('now');
    expect(high.receive(now)).toBe('now');
    // ...but after one more round trip, the fresh DH keys lock it out.
    expect(low.receive(high.send('round'))).toBe('round');
    const later = low.send('after the round trip');
    expect(high.receive(later)).toBe('after the round trip');
    expect(codeOf(() => decrypt(suite, structuredClone(stolen), later))).toBe('message-rejected');
  });

  it('erases a message key after use: the chain key cannot be wound back (forward secrecy)', () => {
    const { low, high } = pair();
    expect(high.receive(low.send('first'))).toBe('first');
    const chainKey = low.state.sendKey;
    expect(chainKey?.some((b) => b !== 0)).toBe(true);
    const message = low.send('gone');
    // The old sending chain key was overwritten in place, not just dropped...
    expect(chainKey?.every((b) => b === 0)).toBe(true);
    // ...and so was the receiving side's, once the message was read.
    const recvKey = high.state.recvKey;
    expect(high.receive(message)).toBe('gone');
    expect(recvKey?.every((b) => b === 0)).toBe(true);
    expect(high.receive(low.send('next'))).toBe('next');
  });
});

describe('interop with a standard NaCl implementation', () => {
  it('python3-nacl opens a message given its key, nonce and header', () => {
    const { low } = pair();
    const state = low.state;
    // The message key this message will use: KDF_CK of the sending chain key.
    if (!state.sendKey) throw new Error('no sending chain');
    const { messageKey } = kdfChain(suite, state.sendKey);
    const key = hexOf(messageKey);
    const { message } = encrypt(suite, state, text('Grüße aus Kiana'));
    const header = message.slice(0, 41);
    const nonce = message.slice(41, 65);
    const sealed = message.slice(65);
    const script = [
      'import sys, json, nacl.bindings as b',
      'a = json.load(sys.stdin)',
      'h = bytes.fromhex',
      "p = b.crypto_aead_xchacha20poly1305_ietf_decrypt(h(a['sealed']), h(a['ad']), h(a['nonce']), h(a['key']))",
      "sys.stdout.write(p.decode('utf-8'))",
    ].join('\n');
    const out = execFileSync('/usr/bin/python3', ['-c', script], {
      input: JSON.stringify({
        key,
        nonce: hexOf(nonce),
        sealed: hexOf(sealed),
        ad: hexOf(new Uint8Array([...state.ad, ...header])),
      }),
      encoding: 'utf8',
    });
    expect(out).toBe('Grüße aus Kiana');
  });
});
