/**
 * Download speed and time left from a sliding window of byte counts, so one slow or fast
 * second does not swing the estimate wildly.
 */

/** What a progress bar shows besides the bytes. */
export interface RateEstimate {
  /** Bytes per second over the window; 0 until two samples exist. */
  readonly bytesPerSecond: number;
  /** Seconds left at that speed; null while the speed is unknown. */
  readonly secondsLeft: number | null;
}

export class RateMeter {
  private readonly samples: { at: number; bytes: number }[] = [];

  /** @param windowMs how far back the speed looks */
  constructor(private readonly windowMs = 5000) {}

  /** Records that `bytes` were done in total at time `at` (ms). */
  add(at: number, bytes: number): void {
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - (this.samples[0] as { at: number }).at > this.windowMs) {
      this.samples.shift();
    }
  }

  /** Speed and time left for `total` bytes. */
  estimate(total: number): RateEstimate {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at <= first.at) return { bytesPerSecond: 0, secondsLeft: null };
    const bytesPerSecond = ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
    if (bytesPerSecond <= 0) return { bytesPerSecond: 0, secondsLeft: null };
    return { bytesPerSecond, secondsLeft: Math.max(0, (total - last.bytes) / bytesPerSecond) };
  }
}
