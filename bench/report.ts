/**
 * Turns figures into a printed table, a JSON result per area (bench/results/<area>.json) and the
 * generated table in docs/BENCHMARKS.md (between markers, so the notes around it stay).
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from './figure.ts';
import type { Machine } from './machine.ts';
import { formatMs, median, quantile } from './stats.ts';

export interface Summary {
  id: string;
  label: string;
  runtime: string;
  n: number;
  oursMedian: number;
  oursP95: number;
  baselineLabel: string;
  baselineMedian: number;
  /** ours ÷ baseline: below 1 means we are faster than the baseline. */
  ratio: number;
  goal?: string;
  unit?: Figure['unit'];
  /** A row carried verbatim from docs/BENCHMARKS.md (no result file held its numbers). */
  row?: string;
}

export interface AreaResult {
  area: string;
  machine: Machine;
  figures: Summary[];
}

/** Summarises one figure's samples. */
export function summarize(figure: Figure): Summary {
  const oursMedian = median(figure.ours);
  const baselineMedian = median(figure.baseline);
  return {
    id: figure.id,
    label: figure.label,
    runtime: figure.runtime,
    n: figure.ours.length,
    oursMedian,
    oursP95: quantile(figure.ours, 0.95),
    baselineLabel: figure.baselineLabel,
    baselineMedian,
    ratio: oursMedian / baselineMedian,
    ...(figure.goal === undefined ? {} : { goal: figure.goal }),
    ...(figure.unit === undefined ? {} : { unit: figure.unit }),
  };
}

/** A median or quantile in the figure's unit: ms as durations, counts as plain numbers. */
function formatValue(value: number, unit: Summary['unit']): string {
  if (unit === undefined || unit === 'ms') return formatMs(value);
  return `${Math.round(value).toLocaleString('en')} ${unit === 'bytes' ? 'B' : 'RT'}`;
}

function row(s: Summary): string {
  if (s.row !== undefined) return s.row;
  const cells = [
    s.label,
    s.runtime,
    formatValue(s.oursMedian, s.unit),
    formatValue(s.oursP95, s.unit),
    `${s.baselineLabel}: ${formatValue(s.baselineMedian, s.unit)}`,
    `${s.ratio.toFixed(2)}×`,
    s.goal ?? '',
  ];
  return `| ${cells.join(' | ')} |`;
}

const HEADER = [
  '| figure | runtime | ours (median) | ours (p95) | baseline (median) | ratio | goal |',
  '|---|---|---|---|---|---|---|',
];

/** The table printed to the terminal after a run. */
export function printTable(result: AreaResult): void {
  console.log(`\n## ${result.area}\n`);
  console.log([...HEADER, ...result.figures.map(row)].join('\n'));
}

/** Writes bench/results/<area>.json. */
export function writeResult(dir: string, result: AreaResult): void {
  writeFileSync(join(dir, `${result.area}.json`), `${JSON.stringify(result, null, 2)}\n`);
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** The generated sections of a doc, by area name, in their order. */
function sectionsOf(generated: string): Map<string, string> {
  const sections = new Map<string, string>();
  for (const part of generated.split(/^(?=### )/m)) {
    const name = /^### (\S+)/.exec(part)?.[1];
    if (name !== undefined) sections.set(name, part.trim());
  }
  return sections;
}

/**
 * Rewrites the sections of the areas measured in this run (`areas`) from their result files in
 * bench/results/ and keeps every other area's section byte for byte. Result files of other areas
 * may be lying around from older runs (they are git-ignored): taking them would put stale
 * figures and machine lines over the committed ones and drop rows annotated by hand.
 */
export function updateBenchmarksDoc(
  resultsDir: string,
  docPath: string,
  areas: readonly string[],
): void {
  const results = readdirSync(resultsDir)
    .filter((f) => f.endsWith('.json') && areas.includes(f.slice(0, -'.json'.length)))
    .map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')) as AreaResult);
  const doc = existsSync(docPath)
    ? readFileSync(docPath, 'utf8')
    : `# Benchmarks\n\n${START}\n${END}\n`;
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  const sections = sectionsOf(from >= 0 && to > from ? doc.slice(from + START.length, to) : '');
  for (const r of results) {
    const m = r.machine;
    sections.set(
      r.area,
      [
        `### ${r.area}`,
        '',
        `${m.date} · ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB · Node ${m.node} · ${m.chromium}`,
        '',
        ...HEADER,
        ...r.figures.map(row),
      ].join('\n'),
    );
  }
  const generated = `${START}\n${[...sections.values()].join('\n\n')}\n${END}`;
  const next =
    from >= 0 && to > from
      ? doc.slice(0, from) + generated + doc.slice(to + END.length)
      : `${doc}\n${generated}\n`;
  writeFileSync(docPath, next);
}
