/**
 * `npm run bench <area>` rewrites only the areas it measured in docs/BENCHMARKS.md: results are
 * git-ignored, so measuring one area in a fresh checkout must keep every other area's figures.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateBenchmarksDoc } from '../../../bench/report.ts';

describe('updateBenchmarksDoc', () => {
  it('replaces the measured area and keeps the others, in place', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiana-bench-'));
    const results = join(dir, 'results');
    mkdirSync(results);
    const doc = join(dir, 'BENCHMARKS.md');
    writeFileSync(
      doc,
      [
        '# Benchmarks',
        '',
        '<!-- bench:start -->',
        '### chain',
        '',
        'old chain table',
        '',
        '### storage',
        '',
        'old storage table',
        '<!-- bench:end -->',
        '',
        '## Notes: chain',
        'kept',
        '',
      ].join('\n'),
    );
    const machine = (date: string) => ({
      date,
      cpu: 'CPU',
      cores: 2,
      memoryGiB: 24,
      node: 'v20',
      chromium: 'C',
    });
    writeFileSync(
      join(results, 'storage.json'),
      JSON.stringify({ area: 'storage', machine: machine('2026-12-05'), figures: [] }),
    );
    // A result file of an area this run did not measure, left over from an older run.
    writeFileSync(
      join(results, 'chain.json'),
      JSON.stringify({ area: 'chain', machine: machine('2026-01-01'), figures: [] }),
    );
    updateBenchmarksDoc(results, doc, ['storage']);
    const text = readFileSync(doc, 'utf8');
    expect(text).toContain('old chain table');
    expect(text).not.toContain('2026-01-01');
    expect(text).not.toContain('old storage table');
    expect(text.indexOf('### chain')).toBeLessThan(text.indexOf('### storage'));
    expect(text).toContain('2026-12-05 · CPU, 2 cores');
    expect(text).toContain('## Notes: chain\nkept');
  });
});
