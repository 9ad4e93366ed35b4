/**
 * Jittered exponential backoff for reconnecting to peers and the companion. The delay grows by a
 * factor per failed attempt up to a cap, and each delay is spread by a random ± fraction so that
 * devices which lost the same network at the same moment do not all retry in lockstep. The random
 * source is injected, so tests are deterministic and core stays free of hidden state.
 */
import { KianaError } from '@kiana/shared/errors';

/** A source of uniform random numbers in [0, 1), such as `Math.random`. */
export type RandomSource = () => number;

/** Tuning for a backoff; every field has a default in `DEFAULT_BACKOFF`. */
export interface BackoffOptions {
  /** The delay before the first retry, before jitter. */
  readonly baseMs: number;
  /** How much the delay grows per failed attempt. */
  readonly factor: number;
  /** The largest delay before jitter. */
  readonly capMs: number;
  /** The spread: each delay is scaled by a uniform factor in [1 − jitter, 1 + jitter]. */
  readonly jitter: number;
}

/**
 * 1 s × 1.6 per attempt, ± 20 %, capped at 60 s (from the tenth retry on). 1.6 rather than 2
 * (gRPC's choice too) gives a few quick retries for a blip on the LAN before stretching out.
 */
export const DEFAULT_BACKOFF: BackoffOptions = {
  baseMs: 1_000,
  factor: 1.6,
  capMs: 60_000,
  jitter: 0.2,
};

/** The delay before jitter after `attempt` failures (0 for the first retry): min(cap, base·factor^attempt). */
export function nominalDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  // factor^attempt overflows to Infinity for huge attempts, which the cap then absorbs.
  return Math.min(options.capMs, options.baseMs * options.factor ** attempt);
}

/**
 * The jittered delay for `attempt`, using one draw from `random`. The jitter is applied after the
 * cap, so capped retries stay spread out too; delays therefore lie in
 * [(1 − jitter)·nominal, (1 + jitter)·nominal]. A draw outside [0, 1] is clamped into it.
 */
export function jitteredDelay(
  attempt: number,
  random: RandomSource,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const draw = Math.min(1, Math.max(0, random()));
  const spread = Number.isNaN(draw) ? 0 : options.jitter * (2 * draw - 1);
  return nominalDelay(attempt, options) * (1 + spread);
}

/** The retry schedule of one connection: ask for the next delay after a failure, reset on success. */
export class Backoff {
  readonly options: BackoffOptions;
  readonly #random: RandomSource;
  #attempt = 0;

  /** A fresh schedule drawing jitter from `random`. Throws `internal` for impossible options. */
  constructor(random: RandomSource, options: Partial<BackoffOptions> = {}) {
    this.options = { ...DEFAULT_BACKOFF, ...options };
    checkOptions(this.options);
    this.#random = random;
  }

  /** How many failures since the last success. */
  get attempt(): number {
    return this.#attempt;
  }

  /** Records a failure and returns how long to wait before the next try. */
  next(): number {
    const delay = jitteredDelay(this.#attempt, this.#random, this.options);
    this.#attempt += 1;
    return delay;
  }

  /** Records a success: the next failure waits the base delay again. */
  reset(): void {
    this.#attempt = 0;
  }
}

function checkOptions(o: BackoffOptions): void {
  const ok =
    Number.isFinite(o.baseMs) &&
    o.baseMs > 0 &&
    Number.isFinite(o.factor) &&
    o.factor >= 1 &&
    o.capMs >= o.baseMs &&
    Number.isFinite(o.capMs) &&
    o.jitter >= 0 &&
    o.jitter < 1;
  if (!ok) throw new KianaError('internal', `invalid backoff options: ${JSON.stringify(o)}`);
}
