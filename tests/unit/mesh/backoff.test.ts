import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KianaError } from '@kiana/shared/errors';
import {
  Backoff,
  DEFAULT_BACKOFF,
  jitteredDelay,
  nominalDelay,
} from '../../../src/core/mesh/backoff.ts';

/** min(cap, base·1.6^k) for the default options, written out independently of the code. */
const expectedNominal = (k: number): number => Math.min(60_000, 1_000 * 1.6 ** k);

/** A random source that replays `draws` in a loop. */
function replay(draws: readonly number[]): () => number {
  let i = 0;
  return () => draws[i++ % draws.length] ?? 0.5;
}

/** A small seeded PRNG (mulberry32), so the median test does not depend on Math.random. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const draw = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const EPSILON = 1e-9;

describe('jittered exponential backoff', () => {
  it('waits one second, give or take a fifth, after the first failure', () => {
    expect(new Backoff(() => 0.5).next()).toBe(1_000);
    expect(new Backoff(() => 0).next()).toBeCloseTo(800, 9);
    expect(new Backoff(() => 1 - Number.EPSILON).next()).toBeCloseTo(1_200, 9);
  });

  it('keeps every delay within ±20 % of min(cap, base·1.6^k)', () => {
    fc.assert(
      fc.property(fc.array(draw, { minLength: 1, maxLength: 40 }), (draws) => {
        const backoff = new Backoff(replay(draws));
        draws.forEach((_, k) => {
          const delay = backoff.next();
          const nominal = expectedNominal(k);
          expect(delay).toBeGreaterThanOrEqual(0.8 * nominal - EPSILON);
          expect(delay).toBeLessThanOrEqual(1.2 * nominal + EPSILON);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('grows its median delay monotonically up to the cap', () => {
    const backoff = new Backoff(() => 0.5);
    const medians = Array.from({ length: 20 }, () => backoff.next());
    for (let k = 1; k < medians.length; k++) {
      expect(medians[k]).toBeGreaterThanOrEqual(medians[k - 1] ?? Infinity);
    }
    [1_000, 1_600, 2_560, 4_096].forEach((n, k) => expect(medians[k]).toBeCloseTo(n, 6));
    expect(medians[8]).toBeLessThan(60_000);
    expect(medians[9]).toBe(60_000);
    expect(medians[19]).toBe(60_000);
  });

  it('has a non-decreasing nominal delay for any two attempts', () => {
    fc.assert(
      fc.property(fc.nat(2_000), fc.nat(2_000), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(nominalDelay(lo)).toBeLessThanOrEqual(nominalDelay(hi));
      }),
      { numRuns: 500 },
    );
  });

  it('has an empirical median per attempt that never goes down', () => {
    let previous = 0;
    for (let k = 0; k < 15; k++) {
      // The same draws for every attempt, so only the attempt differs between the medians; at the
      // cap, fresh draws would make equal medians wobble by sampling noise alone.
      const random = seeded(42);
      const samples = Array.from({ length: 2_001 }, () => jitteredDelay(k, random)).sort(
        (x, y) => x - y,
      );
      const median = samples[1_000] ?? 0;
      expect(median).toBeGreaterThanOrEqual(previous);
      expect(median / expectedNominal(k)).toBeCloseTo(1, 1);
      previous = median;
    }
  });

  it('returns to the base delay after a success, however many failures came before', () => {
    fc.assert(
      fc.property(fc.nat(100), draw, (failures, d) => {
        const backoff = new Backoff(() => d);
        for (let i = 0; i < failures; i++) backoff.next();
        expect(backoff.attempt).toBe(failures);
        backoff.reset();
        expect(backoff.attempt).toBe(0);
        const delay = backoff.next();
        expect(delay).toBeGreaterThanOrEqual(800 - EPSILON);
        expect(delay).toBeLessThanOrEqual(1_200 + EPSILON);
        expect(delay).toBe(jitteredDelay(0, () => d));
      }),
      { numRuns: 300 },
    );
  });

  it('stays finite and capped after thousands of failures', () => {
    expect(nominalDelay(10_000)).toBe(DEFAULT_BACKOFF.capMs);
    expect(jitteredDelay(10_000, () => 0.99)).toBeLessThanOrEqual(72_000);
  });

  it('clamps a random source that strays outside [0, 1)', () => {
    expect(jitteredDelay(0, () => 7)).toBe(1_200);
    expect(jitteredDelay(0, () => -3)).toBe(800);
    expect(jitteredDelay(0, () => Number.NaN)).toBe(1_000);
  });

  it('honours custom options', () => {
    const backoff = new Backoff(() => 0.5, { baseMs: 100, factor: 2, capMs: 500, jitter: 0 });
    expect(Array.from({ length: 5 }, () => backoff.next())).toEqual([100, 200, 400, 500, 500]);
  });

  it('refuses impossible options', () => {
    for (const options of [
      { baseMs: 0 },
      { factor: 0.5 },
      { capMs: 10 },
      { capMs: Infinity },
      { jitter: -0.1 },
      { jitter: 1 },
    ]) {
      expect(() => new Backoff(() => 0.5, options)).toThrow(KianaError);
    }
  });
});
