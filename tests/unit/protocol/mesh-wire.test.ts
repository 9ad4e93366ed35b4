import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KianaError } from '@kiana/shared/errors';
import { fingerprintFromSdp } from '../../../src/core/mesh/fingerprint.ts';
import {
  controlFrame,
  dataFrames,
  formatInvite,
  fromBase64Url,
  MAX_FRAME_BYTES,
  parseControl,
  parseFrame,
  parseInvite,
  Reassembler,
  toBase64Url,
  type DataFrame,
} from '@kiana/shared/protocol';

function rejects(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KianaError);
    expect((error as KianaError).code).toBe('bad-message');
    return (error as Error).message;
  }
  throw new Error('accepted');
}

const DEVICE = 'abcdefghijklmnopqrstuvwxyz';

describe('base64url', () => {
  it('round-trips any bytes and refuses non-canonical spellings', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        expect(fromBase64Url(toBase64Url(bytes), bytes.length, 'x')).toEqual(bytes);
      }),
    );
    expect(toBase64Url(new Uint8Array([0xff]))).toBe('_w');
    rejects(() => fromBase64Url('_x', 1, 'x')); // pad bits set
    rejects(() => fromBase64Url('_w=', 1, 'x'));
    rejects(() => fromBase64Url('AAAA', 1, 'x'));
  });
});

describe('pairing links', () => {
  const invite = {
    origin: 'https://kiana.local:8443',
    secret: new Uint8Array(32).fill(3),
    fingerprint: DEVICE,
  };

  it('keep the secret and fingerprint in the fragment and read back the same', () => {
    const link = formatInvite(invite as Parameters<typeof formatInvite>[0]);
    expect(link.startsWith('https://kiana.local:8443/#/devices/pair?')).toBe(true);
    expect(new URL(link).search).toBe('');
    const parsed = parseInvite(link);
    expect(parsed.origin).toBe(invite.origin);
    expect(parsed.secret).toEqual(invite.secret);
    expect(parsed.fingerprint).toBe(DEVICE);
  });

  it('refuse anything else', () => {
    const good = formatInvite(invite as Parameters<typeof formatInvite>[0]);
    for (const bad of [
      'not a link',
      'ftp://x/#/devices/pair?v=1',
      good.replace('v=1', 'v=2'),
      good.replace(DEVICE, 'short'),
      good.replace(/s=[^&]+/, 's=abc'),
      good.replace('#/devices/pair', '#/devices'),
    ]) {
      rejects(() => parseInvite(bad));
    }
  });
});

describe('control messages', () => {
  const hello = {
    t: 'hello',
    v: 1,
    key: toBase64Url(new Uint8Array(32)),
    name: 'Laptop',
    session: DEVICE,
    sig: toBase64Url(new Uint8Array(64)),
  };

  it('parse a hello and a resume', () => {
    const parsed = parseControl(JSON.stringify(hello));
    expect(parsed.t).toBe('hello');
    expect(parseControl('{"t":"resume","peerSession":"","recv":5}')).toEqual({
      t: 'resume',
      peerSession: '',
      recv: 5,
    });
  });

  it('refuse unknown types, extra fields, bad names, bad keys and big numbers', () => {
    rejects(() => parseControl('{"t":"nope"}'));
    rejects(() => parseControl(JSON.stringify({ ...hello, extra: 1 })));
    rejects(() => parseControl(JSON.stringify({ ...hello, name: '' })));
    rejects(() => parseControl(JSON.stringify({ ...hello, name: 'a\u202eb' })));
    rejects(() => parseControl(JSON.stringify({ ...hello, name: 'x'.repeat(65) })));
    rejects(() => parseControl(JSON.stringify({ ...hello, key: 'AAAA' })));
    rejects(() => parseControl('{"t":"ping","n":4294967296,"ack":0}'));
    rejects(() => parseControl('{"t":"pair-refused","reason":"because"}'));
    rejects(() => parseControl('[1]'));
  });

  it('never throw anything but bad-message on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        try {
          parseControl(text);
        } catch (error) {
          expect((error as KianaError).code).toBe('bad-message');
        }
      }),
    );
  });
});

describe('frames', () => {
  it('split a large message into frames of at most 16 KiB that reassemble exactly', () => {
    const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => i % 251);
    const frames = dataFrames(7, 'chain.sync', bytes);
    expect(frames.length).toBe(Math.ceil(100_000 / (MAX_FRAME_BYTES - 20)));
    const r = new Reassembler();
    let out: ReturnType<Reassembler['push']> = null;
    for (const f of frames) {
      expect(f.length).toBeLessThanOrEqual(MAX_FRAME_BYTES);
      out = r.push(parseFrame(f) as DataFrame);
    }
    expect(out?.seq).toBe(7);
    expect(out?.topic).toBe('chain.sync');
    expect(Buffer.from(out?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);
  });

  it('carry an empty message as one frame', () => {
    const [frame, ...rest] = dataFrames(1, 't', new Uint8Array());
    expect(rest).toHaveLength(0);
    expect(new Reassembler().push(parseFrame(frame as Uint8Array) as DataFrame)?.bytes).toEqual(
      new Uint8Array(),
    );
  });

  it('refuse chunks out of order, bad topics and oversized frames', () => {
    const frames = dataFrames(1, 'x', new Uint8Array(40_000));
    const r = new Reassembler();
    r.push(parseFrame(frames[0] as Uint8Array) as DataFrame);
    rejects(() => r.push(parseFrame(frames[2] as Uint8Array) as DataFrame));
    rejects(() => dataFrames(1, 'Bad Topic', new Uint8Array()));
    rejects(() => parseFrame(new Uint8Array(MAX_FRAME_BYTES + 1).fill(2)));
    rejects(() => parseFrame(new Uint8Array([9, 1, 2])));
    rejects(() => parseFrame(new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0, 1, 1, 120])));
  });

  it('wrap control messages', () => {
    const frame = controlFrame({ t: 'ack', seq: 3 });
    expect(parseFrame(frame)).toEqual({ kind: 'control', message: { t: 'ack', seq: 3 } });
  });
});

describe('DTLS fingerprints from SDP', () => {
  const line = 'a=fingerprint:SHA-256 ab:CD:' + Array.from({ length: 30 }, () => '0f').join(':');
  it('read the one fingerprint, normalised', () => {
    const fp = fingerprintFromSdp(`v=0\r\n${line}\r\nm=application 9\r\n${line}\r\n`);
    expect(fp).toBe(`sha-256 AB:CD:${Array.from({ length: 30 }, () => '0F').join(':')}`);
  });
  it('refuse none or two different ones', () => {
    expect(fingerprintFromSdp('v=0\r\n')).toBeNull();
    expect(fingerprintFromSdp(`${line}\n${line.replace('ab:', 'ac:')}`)).toBeNull();
  });
});
