/**
 * `KIANA_BENCH_PARTS=… npm run bench <area>` re-measures some figures of an area. In a checkout
 * without the area's result file (results are git-ignored) the other rows come from the area's
 * table in docs/BENCHMARKS.md, so the part run must not drop them.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeFigures, rowsFromDoc } from '../../../bench/merge.ts';
import { summarize, updateBenchmarksDoc } from '../../../bench/report.ts';

const DOC = [
  '# Benchmarks',
  '',
  '<!-- bench:start -->',
  '### companion',
  '',
  '2026-11-26 · AMD EPYC, 2 cores, 24 GiB · Node v20 · Chromium 156',
  '',
  '| figure | runtime | ours (median) | ours (p95) | baseline (median) | ratio | goal |',
  '|---|---|---|---|---|---|---|',
  '| restart (2026-12-05, quiet) | node | 226 ms | 290 ms | bare server: 73 ms | 3.07× | < 1 s |',
  '| start → listed | node | 2894 ms | 4125 ms | own healthz: 2901 ms | 1.00× |  |',
  '| channel open | chromium | 57.95 ms | 139 ms | in-page pair: 29.84 ms | 1.94× |  |',
  '',
  '### shell',
  '',
  'the shell table',
  '<!-- bench:end -->',
  '',
].join('\n');

const fresh = (label: string, id: string) =>
  summarize({
    id,
    label,
    runtime: 'node',
    ours: [10, 20],
    baselineLabel: 'base',
    baseline: [5, 5],
  });

describe('a part run of an area without a result file', () => {
  it('keeps the rows it did not measure, dated, and replaces the one it did', () => {
    const earlier = rowsFromDoc(DOC, 'companion');
    expect(earlier.map((r) => r.label)).toEqual([
      'restart (2026-12-05, quiet)',
      'start → listed',
      'channel open',
    ]);
    const figures = mergeFigures(earlier, [
      fresh('start → listed', 'companion.discovery'),
      fresh('a new figure', 'companion.new'),
    ]);
    expect(figures.map((f) => f.label)).toEqual([
      'restart (2026-12-05, quiet)',
      'start → listed',
      'channel open',
      'a new figure',
    ]);
    expect(figures[1]?.row).toBeUndefined();
    expect(figures[1]?.oursMedian).toBe(15);

    const dir = mkdtempSync(join(tmpdir(), 'kiana-bench-merge-'));
    mkdirSync(join(dir, 'results'));
    const machine = {
      date: '2026-12-06',
      cpu: 'Xeon',
      cores: 2,
      memoryGiB: 24,
      node: 'v20',
      chromium: 'Chromium 156',
    };
    writeFileSync(
      join(dir, 'results', 'companion.json'),
      JSON.stringify({ area: 'companion', machine, figures }),
    );
    writeFileSync(join(dir, 'BENCHMARKS.md'), DOC);
    updateBenchmarksDoc(join(dir, 'results'), join(dir, 'BENCHMARKS.md'), ['companion']);
    const doc = readFileSync(join(dir, 'BENCHMARKS.md'), 'utf8');
    // Kept verbatim; a label without a date gets the date of the run that measured it.
    expect(doc).toContain(
      '| restart (2026-12-05, quiet) | node | 226 ms | 290 ms | bare server: 73 ms | 3.07× | < 1 s |',
    );
    expect(doc).toContain(
      '| channel open (run of 2026-11-26) | chromium | 57.95 ms | 139 ms | in-page pair: 29.84 ms | 1.94× |  |',
    );
    expect(doc).not.toContain('2894 ms');
    expect(doc).toContain('| a new figure | node |');
    expect(doc).toContain('the shell table');
  });

  it('finds nothing for an area the doc has no table for', () => {
    expect(rowsFromDoc(DOC, 'pairing')).toEqual([]);
  });
});
