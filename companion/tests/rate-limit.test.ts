import { describe, expect, it } from 'vitest';
import { ConnectionLimiter, FrameGuard, TokenBucket } from '../src/rate-limit.js';

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('TokenBucket', () => {
  it('allows a burst, then refills at its rate, never beyond capacity', () => {
    const c = clock();
    const bucket = new TokenBucket(3, 2, c.now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    c.advance(499);
    expect(bucket.take()).toBe(false);
    c.advance(1);
    expect(bucket.take()).toBe(true);
    c.advance(60_000);
    expect(bucket.available).toBe(3);
  });
});

describe('FrameGuard', () => {
  const limits = { burst: 5, perSecond: 5, strikes: 3, forgiveSeconds: 30 };

  it('accepts frames within the rate and drops those above it', () => {
    const c = clock();
    const guard = new FrameGuard(limits, c.now);
    expect(Array.from({ length: 6 }, () => guard.admit())).toEqual([
      'accept',
      'accept',
      'accept',
      'accept',
      'accept',
      'drop',
    ]);
    c.advance(200);
    expect(guard.admit()).toBe('accept');
  });

  it('closes a connection that keeps flooding or keeps sending garbage', () => {
    const c = clock();
    const flood = new FrameGuard(limits, c.now);
    const verdicts = Array.from({ length: 9 }, () => flood.admit());
    expect(verdicts.slice(5)).toEqual(['drop', 'drop', 'drop', 'close']);
    const garbage = new FrameGuard(limits, c.now);
    expect([garbage.strike(), garbage.strike(), garbage.strike(), garbage.strike()]).toEqual([
      'drop',
      'drop',
      'drop',
      'close',
    ]);
  });

  it('forgives strikes over time', () => {
    const c = clock();
    const guard = new FrameGuard(limits, c.now);
    for (let i = 0; i < 3; i++) guard.strike();
    c.advance(30_000);
    expect(guard.strike()).toBe('drop');
  });
});

describe('ConnectionLimiter', () => {
  it('caps connections per address and in total, and frees a slot once, however often released', () => {
    const limiter = new ConnectionLimiter(2, 3);
    const r1 = limiter.acquire('10.0.0.1');
    const r2 = limiter.acquire('10.0.0.1');
    expect(limiter.acquire('10.0.0.1')).toBeUndefined();
    expect(limiter.acquire('10.0.0.2')).toBeDefined();
    expect(limiter.acquire('10.0.0.3')).toBeUndefined();
    r1?.();
    r1?.();
    expect(limiter.total).toBe(2);
    expect(limiter.acquire('10.0.0.1')).toBeDefined();
    r2?.();
  });
});
