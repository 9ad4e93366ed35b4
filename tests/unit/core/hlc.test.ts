import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  HlcClock,
  MAX_COUNTER,
  decodeHlc,
  encodeHlc,
  hlcCompare,
  hlcReceive,
  hlcSend,
  hlcZero,
  type Hlc,
} from '../../../src/core/hlc.ts';
import { KianaError } from '@kiana/shared/errors';
import type { DeviceId } from '@kiana/shared/ids';

const A = 'aaaaaaaaaaaaaaaaaaaaaaaaaa' as DeviceId;
const B = 'bbbbbbbbbbbbbbbbbbbbbbbbbb' as DeviceId;

const device = fc
  .array(fc.constantFrom(...Array.from('abcdefghijklmnopqrstuvwxyz234567')), {
    minLength: 26,
    maxLength: 26,
  })
  .map((chars) => chars.join('') as DeviceId);
const wall = fc.integer({ min: 0, max: 2 ** 42 });
const hlc: fc.Arbitrary<Hlc> = fc.record({
  wallMs: wall,
  counter: fc.integer({ min: 0, max: MAX_COUNTER }),
  device,
});

describe('hlc', () => {
  it('issues strictly increasing timestamps whatever the wall clock does', () => {
    fc.assert(
      fc.property(fc.array(wall, { minLength: 1, maxLength: 200 }), (nows) => {
        let last = hlcZero(A);
        for (const now of nows) {
          const next = hlcSend(last, now);
          expect(hlcCompare(next, last)).toBe(1);
          expect(next.wallMs).toBeGreaterThanOrEqual(now);
          last = next;
        }
      }),
    );
  });

  it('orders a received event after both the local and the remote timestamp', () => {
    fc.assert(
      fc.property(hlc, hlc, wall, (local, remote, now) => {
        const next = hlcReceive(local, remote, now, Number.MAX_SAFE_INTEGER);
        expect(hlcCompare(next, local)).toBe(1);
        expect(hlcCompare(next, { ...remote, device: local.device })).toBe(1);
        expect(next.device).toBe(local.device);
      }),
    );
  });

  it('is a total order that agrees with the encoded strings', () => {
    fc.assert(
      fc.property(hlc, hlc, hlc, (a, b, c) => {
        expect(hlcCompare(a, b)).toBe(-hlcCompare(b, a) || 0);
        expect(hlcCompare(a, b) === 0).toBe(
          a.wallMs === b.wallMs && a.counter === b.counter && a.device === b.device,
        );
        if (hlcCompare(a, b) <= 0 && hlcCompare(b, c) <= 0)
          expect(hlcCompare(a, c)).toBeLessThan(1);
        const ea = encodeHlc(a);
        const eb = encodeHlc(b);
        const byString = ea < eb ? -1 : ea > eb ? 1 : 0;
        expect(byString).toBe(hlcCompare(a, b));
      }),
    );
  });

  it('round-trips through its encoding', () => {
    fc.assert(
      fc.property(hlc, (a) => {
        expect(decodeHlc(encodeHlc(a))).toEqual(a);
      }),
    );
  });

  it('borrows a millisecond instead of overflowing the counter', () => {
    const last: Hlc = { wallMs: 1000, counter: MAX_COUNTER, device: A };
    expect(hlcSend(last, 1000)).toEqual({ wallMs: 1001, counter: 0, device: A });
  });

  it('follows physical time when it moves forward', () => {
    const clock = new HlcClock(A, () => 5000);
    expect(clock.tick()).toEqual({ wallMs: 5000, counter: 0, device: A });
    expect(clock.tick()).toEqual({ wallMs: 5000, counter: 1, device: A });
  });

  it('refuses a remote clock far in the future', () => {
    const remote: Hlc = { wallMs: 10_000_000, counter: 0, device: B };
    expect(() => hlcReceive(hlcZero(A), remote, 0, 1000)).toThrow(KianaError);
    try {
      hlcReceive(hlcZero(A), remote, 0, 1000);
    } catch (e) {
      expect((e as KianaError).code).toBe('clock-drift');
    }
  });

  it('rejects malformed encodings', () => {
    for (const bad of ['', 'x', '000000000000.0000.short', '00000000000g.0000.' + A]) {
      expect(() => decodeHlc(bad)).toThrow(KianaError);
    }
  });
});
