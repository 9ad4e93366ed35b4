/**
 * The phi-accrual failure detector (Hayashibara et al., 2004), shaped like Akka's: instead of a
 * yes/no timeout it reports phi, the confidence that a peer is down, on a log10 scale (phi = 8
 * means the silence so far would happen once in 10^8 times if the peer were alive). Inter-arrival
 * times of heartbeats are kept in a bounded window, so the detector learns each link's own rhythm.
 *
 * Time is always passed in (a monotonic clock such as `performance.now()` in milliseconds), so the
 * detector is pure and tests drive it without timers.
 */
import { KianaError } from '@kiana/shared/errors';

/** How a peer looks from here. */
export type PeerHealth = 'online' | 'suspect' | 'offline';

/** Tuning for a detector; every field has a default in `DEFAULT_PHI_ACCRUAL`. */
export interface PhiAccrualOptions {
  /** Phi at which a peer counts as offline. */
  readonly threshold: number;
  /** How many heartbeat intervals the window holds; older ones are forgotten. */
  readonly maxSamples: number;
  /** Floor for the standard deviation, so a very regular link does not alarm on tiny jitter. */
  readonly minStdDeviationMs: number;
  /** Silence tolerated on top of the usual interval before phi starts to climb. */
  readonly acceptablePauseMs: number;
  /** Assumed interval until real ones arrive: the window starts at this ± a quarter. */
  readonly firstHeartbeatEstimateMs: number;
}

/**
 * Defaults. The threshold 8 is Akka's and Cassandra's. The pause of 10 s is larger than Akka's
 * 3 s because a phone that locks its screen or backgrounds the tab throttles timers for seconds at
 * a time; that should read as "suspect", not "offline". The stddev floor of 200 ms is twice
 * Akka's because browser timers are coarser than the JVM's.
 */
export const DEFAULT_PHI_ACCRUAL: PhiAccrualOptions = {
  threshold: 8,
  maxSamples: 200,
  minStdDeviationMs: 200,
  acceptablePauseMs: 10_000,
  firstHeartbeatEstimateMs: 1_000,
};

/**
 * Phi for a silence of `elapsedMs` when intervals are distributed with `meanMs` and
 * `stdDeviationMs`: -log10 of the probability that a live peer stays silent that long. Uses
 * Akka's logistic approximation of the normal CDF, F(y) ≈ 1 / (1 + e^(-t)) with
 * t = y(1.5976 + 0.070566 y²), so phi = log10(1 + e^t). Strictly increasing in `elapsedMs`.
 */
export function phiOf(elapsedMs: number, meanMs: number, stdDeviationMs: number): number {
  const y = (elapsedMs - meanMs) / stdDeviationMs;
  const t = y * (1.5976 + 0.070566 * y * y);
  // log(1 + e^t) written so neither branch overflows or underflows: Akka's two-branch form turns
  // into Infinity after about 20 standard deviations, which breaks "phi keeps growing".
  const softplus = t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
  return softplus / Math.LN10;
}

/** Mean and standard deviation of the intervals in the window. */
export interface IntervalStats {
  readonly meanMs: number;
  readonly stdDeviationMs: number;
  readonly samples: number;
}

/**
 * One peer's failure detector: feed it heartbeats, ask it for phi or a state. Keep the heartbeat
 * period well below `acceptablePauseMs` (or start `firstHeartbeatEstimateMs` at the period): a
 * heartbeat that arrives only after the peer was declared offline is not learned from, so a period
 * longer than the offline point would flap between offline and online forever.
 */
export class PhiAccrualDetector {
  readonly options: PhiAccrualOptions;
  readonly #intervals: Float64Array;
  #next = 0;
  #count = 0;
  #sum = 0;
  #sumOfSquares = 0;
  #pushesSinceResum = 0;
  #lastHeartbeatMs: number | null = null;

  /** A detector that has heard nothing yet. Throws `internal` for impossible options. */
  constructor(options: Partial<PhiAccrualOptions> = {}) {
    this.options = { ...DEFAULT_PHI_ACCRUAL, ...options };
    checkOptions(this.options);
    this.#intervals = new Float64Array(this.options.maxSamples);
  }

  /** How many intervals the window holds now; never more than `maxSamples`. */
  get sampleCount(): number {
    return this.#count;
  }

  /**
   * Records a heartbeat that arrived at `nowMs`. As in Akka, the interval that ends a silence the
   * detector already called offline is not recorded: one outage would otherwise teach the window
   * that minute-long gaps are normal. A clock that ran backwards records nothing.
   */
  heartbeat(nowMs: number): void {
    const last = this.#lastHeartbeatMs;
    if (last === null) {
      const mean = this.options.firstHeartbeatEstimateMs;
      this.#push(mean - mean / 4);
      this.#push(mean + mean / 4);
    } else if (nowMs < last) {
      return;
    } else if (this.phi(nowMs) < this.options.threshold) {
      this.#push(nowMs - last);
    }
    this.#lastHeartbeatMs = nowMs;
  }

  /**
   * Phi at `nowMs`, with the acceptable pause added to the mean interval. Infinity before the
   * first heartbeat: a peer we have never heard from has given no sign of life.
   */
  phi(nowMs: number): number {
    return this.#phi(nowMs, this.options.acceptablePauseMs);
  }

  /**
   * The peer's health at `nowMs`. `offline` once phi reaches the threshold. `suspect` once phi
   * computed *without* the acceptable pause reaches it: the statistics say a heartbeat is overdue,
   * but the peer is still within the pause we grant (a phone in a pocket). Without a pause there
   * is no suspect phase. Chosen over "phi ≥ threshold/2", which with a regular link is a window of
   * a few hundred milliseconds that a person would never see.
   */
  state(nowMs: number): PeerHealth {
    const { threshold } = this.options;
    if (this.phi(nowMs) >= threshold) return 'offline';
    return this.#phi(nowMs, 0) >= threshold ? 'suspect' : 'online';
  }

  /** The learned intervals, or `null` before the first heartbeat. */
  stats(): IntervalStats | null {
    if (this.#count === 0) return null;
    const meanMs = this.#sum / this.#count;
    // Population variance from running sums; rounding can push it a hair below zero.
    const variance = Math.max(0, this.#sumOfSquares / this.#count - meanMs * meanMs);
    return { meanMs, stdDeviationMs: Math.sqrt(variance), samples: this.#count };
  }

  #phi(nowMs: number, pauseMs: number): number {
    const stats = this.stats();
    if (this.#lastHeartbeatMs === null || stats === null) return Infinity;
    const std = Math.max(stats.stdDeviationMs, this.options.minStdDeviationMs);
    return phiOf(nowMs - this.#lastHeartbeatMs, stats.meanMs + pauseMs, std);
  }

  #push(intervalMs: number): void {
    const size = this.#intervals.length;
    if (this.#count === size) {
      const oldest = this.#intervals[this.#next] ?? 0;
      this.#sum -= oldest;
      this.#sumOfSquares -= oldest * oldest;
    } else {
      this.#count += 1;
    }
    this.#intervals[this.#next] = intervalMs;
    this.#next = (this.#next + 1) % size;
    this.#sum += intervalMs;
    this.#sumOfSquares += intervalMs * intervalMs;
    // Adding and subtracting fractional milliseconds forever lets rounding error creep into the
    // running sums; re-adding the window once per turn keeps it bounded at O(1) amortised cost.
    this.#pushesSinceResum += 1;
    if (this.#pushesSinceResum >= size) this.#resum();
  }

  #resum(): void {
    let sum = 0;
    let sumOfSquares = 0;
    for (let i = 0; i < this.#count; i++) {
      const value = this.#intervals[i] ?? 0;
      sum += value;
      sumOfSquares += value * value;
    }
    this.#sum = sum;
    this.#sumOfSquares = sumOfSquares;
    this.#pushesSinceResum = 0;
  }
}

function checkOptions(o: PhiAccrualOptions): void {
  const ok =
    o.threshold > 0 &&
    Number.isSafeInteger(o.maxSamples) &&
    o.maxSamples >= 2 &&
    o.minStdDeviationMs > 0 &&
    o.acceptablePauseMs >= 0 &&
    Number.isFinite(o.acceptablePauseMs) &&
    o.firstHeartbeatEstimateMs > 0 &&
    Number.isFinite(o.firstHeartbeatEstimateMs);
  if (!ok) throw new KianaError('internal', `invalid phi-accrual options: ${JSON.stringify(o)}`);
}
