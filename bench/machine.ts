/** Describes the machine a benchmark ran on, for docs/BENCHMARKS.md. */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { chromiumPath } from '../tests/browser/chromium.ts';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  chromium: string;
  date: string;
}

/** Reads the CPU, memory and runtime versions of this machine. */
export function describeMachine(): Machine {
  let chromium = 'unknown';
  try {
    chromium = execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // a missing Chromium shows as unknown; the Chromium figures fail on their own
  }
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    chromium,
    date: new Date().toISOString().slice(0, 10),
  };
}
