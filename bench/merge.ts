/**
 * Which figures an area's result keeps when `KIANA_BENCH_PARTS` re-measures only some of them
 * (bench/run.ts). The earlier figures come from the area's result file, or — in a checkout where
 * results (git-ignored) are absent — from the area's table in docs/BENCHMARKS.md, so a part run
 * never drops the rows it did not measure.
 */
import type { Summary } from './report.ts';

/** Splits a markdown table row into its cells (the figure tables have no escaped pipes). */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());
}

/**
 * The rows of `area`'s table in the generated part of `doc`, carried verbatim: the row as
 * printed (its label marked with the date of the run that measured it, unless the label names a
 * date already), the label to match a re-measured figure by, and placeholders for the numbers,
 * which only the printed row holds now.
 */
export function rowsFromDoc(doc: string, area: string): Summary[] {
  const start = doc.indexOf(`### ${area}\n`);
  if (start < 0) return [];
  const rest = doc.slice(start).split('\n').slice(1);
  const end = rest.findIndex((l) => l.startsWith('### ') || l.startsWith('<!-- bench:end'));
  const lines = end < 0 ? rest : rest.slice(0, end);
  const date = /^\d{4}-\d{2}-\d{2}/.exec(lines.find((l) => /^\d{4}-/.test(l)) ?? '')?.[0];
  const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| figure |'));
  return rows.map((line) => {
    const [label = '', runtime = '', ...more] = cells(line);
    const dated = date === undefined || /\d{4}-\d{2}-\d{2}/.test(label);
    const shown = dated ? label : `${label} (run of ${date})`;
    return {
      id: `doc:${label}`,
      label,
      runtime,
      n: 0,
      oursMedian: Number.NaN,
      oursP95: Number.NaN,
      baselineLabel: '',
      baselineMedian: Number.NaN,
      ratio: Number.NaN,
      row: `| ${[shown, runtime, ...more].join(' | ')} |`,
    };
  });
}

/**
 * The earlier figures, each replaced in place by a fresh one with its id (or, for a row carried
 * from the doc, its label); fresh figures without an earlier one follow at the end.
 */
export function mergeFigures(earlier: readonly Summary[], fresh: readonly Summary[]): Summary[] {
  const match = (old: Summary) =>
    fresh.find((f) => f.id === old.id || (old.row !== undefined && f.label === old.label));
  const out = earlier.map((old) => match(old) ?? old);
  return [...out, ...fresh.filter((f) => !out.includes(f))];
}
