/** One benchmark figure: our measurement beside its baseline, taken in the same run. */
export interface Figure {
  /** Stable id, e.g. `shell.cold-start`. */
  id: string;
  /** What is measured, for the table. */
  label: string;
  /** Where it ran: `chromium` or `node`. */
  runtime: 'chromium' | 'node';
  /** Our samples in ms. */
  ours: number[];
  /** What the baseline is. */
  baselineLabel: string;
  /** Baseline samples in ms. */
  baseline: number[];
  /** A goal in words, when the issue sets one. */
  goal?: string;
  /** What the samples count; ms when absent. Bytes and round trips are counts, not times. */
  unit?: 'ms' | 'bytes' | 'round trips';
}

/** A benchmark area: a name and a function producing its figures. */
export interface Area {
  name: string;
  /** Which file's figures these are, for `KIANA_BENCH_PARTS` (bench/run.ts). */
  part?: string;
  run(): Promise<Figure[]>;
}
