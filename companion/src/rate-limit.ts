/**
 * Flood protection per connection: a token bucket for frames, and a second bucket of "strikes"
 * that dropped or malformed frames spend. A client that bursts a little loses a few frames; one
 * that keeps flooding (or keeps sending garbage) runs out of strikes and is disconnected, while
 * every other connection keeps being served.
 */

/** A classic token bucket: `capacity` tokens, refilled continuously at `perSecond`. */
export class TokenBucket {
  #tokens: number;
  #last: number;

  /**
   * @param clock milliseconds from any monotonic origin; injectable for tests
   */
  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.#tokens = capacity;
    this.#last = clock();
  }

  /** Tokens available now (fractional while refilling). */
  get available(): number {
    this.#refill();
    return this.#tokens;
  }

  /** Takes `cost` tokens if there are enough; returns whether it did. */
  take(cost = 1): boolean {
    this.#refill();
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }

  #refill(): void {
    const now = this.clock();
    const elapsed = Math.max(0, now - this.#last) / 1000;
    this.#last = now;
    this.#tokens = Math.min(this.capacity, this.#tokens + elapsed * this.perSecond);
  }
}

/** Limits for one kind of connection. */
export interface FrameLimits {
  /** Frames allowed in a burst. */
  readonly burst: number;
  /** Sustained frames per second. */
  readonly perSecond: number;
  /** Dropped or malformed frames tolerated before the connection is closed. */
  readonly strikes: number;
  /** Seconds for a full set of strikes to come back. */
  readonly forgiveSeconds: number;
}

/** What to do with a frame: handle it, drop it, or close the connection. */
export type Verdict = 'accept' | 'drop' | 'close';

/** The per-connection guard: one frame bucket and one strike bucket. */
export class FrameGuard {
  readonly #frames: TokenBucket;
  readonly #strikes: TokenBucket;

  constructor(limits: FrameLimits, clock?: () => number) {
    this.#frames = new TokenBucket(limits.burst, limits.perSecond, clock);
    this.#strikes = new TokenBucket(limits.strikes, limits.strikes / limits.forgiveSeconds, clock);
  }

  /** Call once per incoming frame, before parsing it. */
  admit(): Verdict {
    if (this.#frames.take()) return 'accept';
    return this.strike();
  }

  /** Call for a frame that was refused (malformed, not allowed); spends one strike. */
  strike(): Verdict {
    return this.#strikes.take() ? 'drop' : 'close';
  }
}

/** Browser signalling: ICE candidates come in bursts of tens; heartbeats every 5 s. */
export const PEERJS_LIMITS: FrameLimits = {
  burst: 200,
  perSecond: 50,
  strikes: 20,
  forgiveSeconds: 60,
};
/** The directory: an announcement every 20 s is normal; a few per second is plenty. */
export const DIRECTORY_LIMITS: FrameLimits = {
  burst: 20,
  perSecond: 2,
  strikes: 10,
  forgiveSeconds: 60,
};
/** Companion links carry every relayed signal of their side, so they get more room. */
export const LINK_LIMITS: FrameLimits = {
  burst: 2000,
  perSecond: 500,
  strikes: 50,
  forgiveSeconds: 60,
};

/** Caps simultaneous WebSocket connections per remote address and in total. */
export class ConnectionLimiter {
  readonly #perAddress = new Map<string, number>();
  #total = 0;

  constructor(
    readonly maxPerAddress: number,
    readonly maxTotal: number,
  ) {}

  /** Registers a connection; returns its release function, or undefined when over a cap. */
  acquire(address: string): (() => void) | undefined {
    const current = this.#perAddress.get(address) ?? 0;
    if (current >= this.maxPerAddress || this.#total >= this.maxTotal) return undefined;
    this.#perAddress.set(address, current + 1);
    this.#total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#total -= 1;
      const left = (this.#perAddress.get(address) ?? 1) - 1;
      if (left <= 0) this.#perAddress.delete(address);
      else this.#perAddress.set(address, left);
    };
  }

  get total(): number {
    return this.#total;
  }
}
