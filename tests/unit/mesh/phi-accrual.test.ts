import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KianaError } from '@kiana/shared/errors';
import {
  DEFAULT_PHI_ACCRUAL,
  PhiAccrualDetector,
  phiOf,
  type PeerHealth,
} from '../../../src/core/mesh/phi-accrual.ts';

/**
 * Feeds `count` heartbeats `periodMs` apart, wobbling by up to `jitterMs` (deterministically), and
 * returns the time of the last one.
 */
function beat(
  detector: PhiAccrualDetector,
  count: number,
  periodMs = 1000,
  jitterMs = 50,
  startMs = 0,
): number {
  let now = startMs;
  for (let i = 0; i < count; i++) {
    if (i > 0) now += periodMs + jitterMs * Math.sin(i * 1.7);
    detector.heartbeat(now);
  }
  return now;
}

/** The first moment, in 10 ms steps after `fromMs`, at which the detector reports `health`. */
function firstTime(detector: PhiAccrualDetector, fromMs: number, health: PeerHealth): number {
  for (let t = fromMs; t < fromMs + 600_000; t += 10) {
    if (detector.state(t) === health) return t - fromMs;
  }
  throw new Error(`never ${health}`);
}

describe('phi-accrual failure detector', () => {
  it('keeps phi low and the peer online while heartbeats arrive on time', () => {
    const detector = new PhiAccrualDetector();
    let now = 0;
    for (let i = 0; i < 1000; i++) {
      detector.heartbeat(now);
      const next = now + 1000 + 80 * Math.sin(i);
      // Just before each heartbeat, when the silence is longest.
      expect(detector.phi(next - 1)).toBeLessThan(1);
      expect(detector.state(next - 1)).toBe('online');
      now = next;
    }
  });

  it('grows phi monotonically through silence until the peer is offline', () => {
    const detector = new PhiAccrualDetector();
    const last = beat(detector, 300);
    let previousPhi = -1;
    const seen: PeerHealth[] = [];
    for (let t = last; t <= last + 60_000; t += 25) {
      const phi = detector.phi(t);
      expect(phi).toBeGreaterThanOrEqual(previousPhi);
      expect(Number.isFinite(phi)).toBe(true);
      previousPhi = phi;
      const state = detector.state(t);
      if (seen[seen.length - 1] !== state) seen.push(state);
    }
    expect(seen).toEqual(['online', 'suspect', 'offline']);
    expect(previousPhi).toBeGreaterThan(DEFAULT_PHI_ACCRUAL.threshold);
  });

  it('keeps phi growing and finite far beyond where a naive formula overflows', () => {
    const values = [1e3, 1e4, 1e5, 1e6, 1e7, 1e9].map((elapsed) => phiOf(elapsed, 1000, 100));
    for (let i = 1; i < values.length; i++) {
      expect(values[i]).toBeGreaterThan(values[i - 1] ?? Infinity);
      expect(Number.isFinite(values[i])).toBe(true);
    }
  });

  it('gives phi = log10(2) when the silence equals the mean interval', () => {
    expect(phiOf(1000, 1000, 100)).toBeCloseTo(Math.log10(2), 12);
    expect(phiOf(0, 1000, 100)).toBeLessThan(1e-10);
  });

  it('grows phi with silence for any learned history (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 0, max: 120_000 }),
        fc.integer({ min: 1, max: 120_000 }),
        (intervals, a, gap) => {
          const detector = new PhiAccrualDetector();
          let now = 0;
          detector.heartbeat(now);
          for (const interval of intervals) detector.heartbeat((now += interval));
          expect(detector.phi(now + a + gap)).toBeGreaterThanOrEqual(detector.phi(now + a));
          const rank = { online: 0, suspect: 1, offline: 2 } as const;
          expect(rank[detector.state(now + a + gap)]).toBeGreaterThanOrEqual(
            rank[detector.state(now + a)],
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('waits longer before suspecting a peer when the acceptable pause is longer', () => {
    const short = new PhiAccrualDetector({ acceptablePauseMs: 3_000 });
    const long = new PhiAccrualDetector({ acceptablePauseMs: 10_000 });
    const last = beat(short, 200);
    beat(long, 200);
    const shortOffline = firstTime(short, last, 'offline');
    const longOffline = firstTime(long, last, 'offline');
    expect(longOffline).toBeGreaterThan(shortOffline + 6_000);
    expect(shortOffline).toBeGreaterThan(3_000);
  });

  it('tolerates a phone pausing in the background as suspect, then online again', () => {
    const detector = new PhiAccrualDetector();
    const last = beat(detector, 120);
    // The screen locks for eight seconds: overdue by the statistics, inside the pause we grant.
    expect(detector.state(last + 8_000)).toBe('suspect');
    detector.heartbeat(last + 8_000);
    expect(detector.state(last + 8_500)).toBe('online');
  });

  it('forgets intervals beyond its window', () => {
    const detector = new PhiAccrualDetector({ maxSamples: 50 });
    const last = beat(detector, 5_000, 1000, 0);
    expect(detector.sampleCount).toBe(50);
    // The rhythm changes to every 3 s; after a window's worth the old rhythm is gone entirely.
    beat(detector, 60, 3000, 0, last + 3000);
    expect(detector.sampleCount).toBe(50);
    expect(detector.stats()?.meanMs).toBe(3000);
    expect(detector.stats()?.stdDeviationMs).toBe(0);
  });

  it('keeps its running mean exact over a long run of fractional intervals', () => {
    const detector = new PhiAccrualDetector({ maxSamples: 64 });
    beat(detector, 200_000, 1000.1, 0.37);
    const stats = detector.stats();
    expect(stats?.meanMs).toBeCloseTo(1000.1, 2);
    expect(stats?.stdDeviationMs).toBeLessThan(1);
  });

  it('does not learn from the interval that ends an outage', () => {
    const detector = new PhiAccrualDetector({ maxSamples: 1000 });
    const last = beat(detector, 100);
    const before = detector.sampleCount;
    expect(detector.state(last + 120_000)).toBe('offline');
    detector.heartbeat(last + 120_000);
    expect(detector.sampleCount).toBe(before);
    expect(detector.state(last + 120_500)).toBe('online');
  });

  it('calls a peer it has never heard from offline', () => {
    const detector = new PhiAccrualDetector();
    expect(detector.phi(0)).toBe(Infinity);
    expect(detector.state(0)).toBe('offline');
    expect(detector.stats()).toBeNull();
    detector.heartbeat(5);
    expect(detector.state(10)).toBe('online');
  });

  it('starts from the first heartbeat estimate until real intervals arrive', () => {
    const detector = new PhiAccrualDetector({ firstHeartbeatEstimateMs: 2_000 });
    detector.heartbeat(0);
    expect(detector.stats()).toEqual({ meanMs: 2_000, stdDeviationMs: 500, samples: 2 });
  });

  it('ignores a heartbeat from a clock that ran backwards', () => {
    const detector = new PhiAccrualDetector();
    const last = beat(detector, 10);
    const before = detector.stats();
    detector.heartbeat(last - 5_000);
    expect(detector.stats()).toEqual(before);
    expect(detector.phi(last + 100)).toBeLessThan(1);
  });

  it('refuses impossible options', () => {
    for (const options of [
      { threshold: 0 },
      { maxSamples: 1 },
      { maxSamples: 2.5 },
      { minStdDeviationMs: 0 },
      { acceptablePauseMs: -1 },
      { firstHeartbeatEstimateMs: 0 },
      { firstHeartbeatEstimateMs: Infinity },
    ]) {
      expect(() => new PhiAccrualDetector(options)).toThrow(KianaError);
    }
  });
});
