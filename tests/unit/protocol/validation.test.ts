import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import {
  parseDirectoryClientMessage,
  parseDirectoryServerMessage,
  parseLinkMessage,
  parsePeerjsClientMessage,
  parseRelayedSignal,
} from '@kiana/shared/protocol';

const TOKEN = 'abcdefghijklmnopqrstuvwxyz';
const TOKEN2 = 'bbcdefghijklmnopqrstuvwxyz';
const COMPANION = '234567abcdefghijklmnopqrst';

/** Runs `parse` and returns the rejection reason, failing if it accepted. */
function reason(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(KianaError);
    expect((error as KianaError).code).toBe('bad-message');
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('directory messages from a browser', () => {
  const announce = { t: 'announce', peer: 'peer-1', key: 'k3y', tokens: [TOKEN, TOKEN2, TOKEN] };

  it('accept an announcement and drop duplicate tokens', () => {
    expect(parseDirectoryClientMessage(JSON.stringify(announce))).toEqual({
      ...announce,
      tokens: [TOKEN, TOKEN2],
    });
    expect(parseDirectoryClientMessage('{"t":"withdraw"}')).toEqual({ t: 'withdraw' });
  });

  it('reject bad tokens, too many tokens, extra fields, bad ids, non-JSON and oversized frames', () => {
    const text = (v: unknown) => () => parseDirectoryClientMessage(JSON.stringify(v));
    expect(reason(text({ ...announce, tokens: ['ABC'] }))).toBe('not a rendezvous token');
    expect(reason(text({ ...announce, tokens: Array(65).fill(TOKEN) }))).toBe(
      'announce: more than 64 tokens',
    );
    expect(reason(text({ ...announce, name: 'Alice’s phone' }))).toBe(
      'announce: unexpected field name',
    );
    expect(reason(text({ ...announce, peer: 'a b  c' }))).toBe('announce: bad peer');
    expect(reason(text({ ...announce, key: '' }))).toBe('announce: bad key');
    expect(reason(text({ t: 'hello' }))).toBe('directory: unknown message');
    expect(reason(text([1, 2]))).toBe('directory: not an object');
    expect(reason(() => parseDirectoryClientMessage('{"t":'))).toBe('frame is not JSON');
    expect(reason(() => parseDirectoryClientMessage(`"${'x'.repeat(17_000)}"`))).toBe(
      'frame too large',
    );
  });
});

describe('directory messages from a companion', () => {
  it('accept welcome, present and refused', () => {
    const welcome = {
      t: 'welcome',
      companion: COMPANION,
      ttlMs: 60000,
      iceServers: [{ urls: ['stun:10.0.0.1:3478'] }],
    };
    expect(parseDirectoryServerMessage(JSON.stringify(welcome))).toEqual(welcome);
    const present = { t: 'present', matches: [{ token: TOKEN, peer: 'p2', companion: COMPANION }] };
    expect(parseDirectoryServerMessage(JSON.stringify(present))).toEqual(present);
    expect(parseDirectoryServerMessage('{"t":"refused","reason":"rate-limited"}')).toEqual({
      t: 'refused',
      reason: 'rate-limited',
    });
  });

  it('reject ICE servers other than STUN (a companion must not route media through a relay)', () => {
    const welcome = (urls: string[]) =>
      JSON.stringify({ t: 'welcome', companion: COMPANION, ttlMs: 60000, iceServers: [{ urls }] });
    expect(reason(() => parseDirectoryServerMessage(welcome(['turn:evil.example:3478'])))).toBe(
      'ice server: bad url',
    );
    expect(
      reason(() => parseDirectoryServerMessage(welcome(['stun:stun.l.google.com:19302 x']))),
    ).toBe('ice server: bad url');
    expect(reason(() => parseDirectoryServerMessage('{"t":"refused","reason":"because"}'))).toBe(
      'refused: unknown reason',
    );
  });
});

describe('PeerJS frames', () => {
  it('keep only type, dst and payload, so a forged src never survives', () => {
    expect(parsePeerjsClientMessage({ type: 'HEARTBEAT', extra: 1 })).toEqual({
      type: 'HEARTBEAT',
    });
    expect(
      parsePeerjsClientMessage({ type: 'OFFER', dst: 'b-1', src: 'forged', payload: { sdp: {} } }),
    ).toEqual({
      type: 'OFFER',
      dst: 'b-1',
      payload: { sdp: {} },
    });
  });

  it('reject unknown types, bad destinations and non-object payloads', () => {
    expect(reason(() => parsePeerjsClientMessage({ type: 'OPEN' }))).toBe('peerjs: unknown type');
    expect(reason(() => parsePeerjsClientMessage({ type: 'OFFER', dst: '../x' }))).toBe(
      'peerjs: bad dst',
    );
    expect(reason(() => parsePeerjsClientMessage({ type: 'OFFER', dst: 'x'.repeat(65) }))).toBe(
      'peerjs: bad dst',
    );
    expect(reason(() => parsePeerjsClientMessage({ type: 'ANSWER', dst: 'b', payload: [1] }))).toBe(
      'peerjs: payload is not an object',
    );
    expect(reason(() => parseRelayedSignal({ type: 'OFFER', src: 'a', dst: 'b', via: 'c' }))).toBe(
      'signal: unexpected field via',
    );
  });
});

describe('companion link frames', () => {
  it('accept hello, state and signal', () => {
    const hello = { t: 'hello', companion: COMPANION, name: 'kiana-den', version: '0.1.0' };
    expect(parseLinkMessage(JSON.stringify(hello))).toEqual(hello);
    const state = {
      t: 'state',
      peers: ['p1'],
      entries: [{ token: TOKEN, peer: 'p1', ttlMs: 1000 }],
    };
    expect(parseLinkMessage(JSON.stringify(state))).toEqual(state);
    const signal = {
      t: 'signal',
      signal: { type: 'CANDIDATE', src: 'p1', dst: 'p2', payload: {} },
    };
    expect(parseLinkMessage(JSON.stringify(signal))).toEqual(signal);
  });

  it('reject entries for peers the companion does not list, long lifetimes and bad names', () => {
    const state =
      (entries: unknown[], peers = ['p1']) =>
      () =>
        parseLinkMessage(JSON.stringify({ t: 'state', peers, entries }));
    expect(reason(state([{ token: TOKEN, peer: 'p2', ttlMs: 1 }]))).toBe(
      'state: entry for unlisted peer',
    );
    expect(reason(state([{ token: TOKEN, peer: 'p1', ttlMs: 3_600_000 }]))).toBe(
      'entry: bad ttlMs',
    );
    expect(
      reason(() =>
        parseLinkMessage(
          JSON.stringify({ t: 'hello', companion: COMPANION, name: 'Bad Name', version: '1' }),
        ),
      ),
    ).toBe('hello: bad name');
  });
});

describe('every parser', () => {
  it('rejects arbitrary input with bad-message and never throws anything else', () => {
    const parsers = [
      (v: unknown) => parseDirectoryClientMessage(JSON.stringify(v)),
      (v: unknown) => parseDirectoryServerMessage(JSON.stringify(v)),
      (v: unknown) => parseLinkMessage(JSON.stringify(v)),
      (v: unknown) => parsePeerjsClientMessage(v),
      (v: unknown) => parseRelayedSignal(v),
    ];
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat({ max: parsers.length - 1 }), (value, which) => {
        try {
          parsers[which]?.(value);
        } catch (error) {
          expect(error).toBeInstanceOf(KianaError);
          expect((error as KianaError).code).toBe('bad-message');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
