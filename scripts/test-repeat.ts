/**
 * `npm run test:repeat -- <file|project> [N]`: runs one test file (or a whole vitest project:
 * `unit`, `browser`, `lan`) N times in a row (default 10), each run a fresh vitest process, and
 * prints `N passed, N failed` runs at the end. A flaky test is a race to find, not a retry to add
 * (docs/ARCHITECTURE.md › Tests): run this on every browser test you add or change.
 * Each failed run's output is kept in `.cache/repeat/<start time>-<run>.log`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const PROJECTS = new Set(['unit', 'browser', 'lan']);

function usage(message: string): never {
  console.error(`${message}\nusage: npm run test:repeat -- <test file | unit | browser | lan> [N]`);
  process.exit(2);
}

const [target, countArg] = process.argv.slice(2);
if (target === undefined) usage('no test file given');
const runs = countArg === undefined ? 10 : Number(countArg);
if (!Number.isInteger(runs) || runs < 1) usage(`not a run count: ${countArg}`);

const project = PROJECTS.has(target)
  ? target
  : target.includes('tests/browser/')
    ? 'browser'
    : target.includes('tests/lan/')
      ? 'lan'
      : 'unit';
const args = ['vitest', 'run', '--project', project, ...(PROJECTS.has(target) ? [] : [target])];
const logs = resolve('.cache/repeat');
// Repeats may run side by side: each keeps its own logs.
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
mkdirSync(logs, { recursive: true });

let passed = 0;
let failed = 0;
for (let run = 1; run <= runs; run++) {
  const started = Date.now();
  const result = spawnSync('npx', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const output = `${result.stdout}${result.stderr}`;
  if (result.status === 0) {
    passed++;
    console.log(`run ${run}/${runs}: passed (${seconds} s)`);
  } else {
    failed++;
    const log = `${logs}/${stamp}-${run}.log`;
    writeFileSync(log, output);
    // Name the failing tests: vitest marks them with ×/FAIL lines.
    const lines = output
      .split('\n')
      .filter((l) => /(^|\s)(FAIL|×)\s/.test(l))
      .slice(0, 10);
    console.log(`run ${run}/${runs}: FAILED (${seconds} s), log in ${log}`);
    for (const line of lines) console.log(`  ${line.trim()}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
