/**
 * `npm start [-- companion flags]`: builds the app and the companion only when their sources
 * changed since the last build (the stamps `dist/.build-inputs` and
 * `companion/dist/.build-inputs`), then runs the companion in this process's place.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  APP_INPUTS,
  COMPANION_INPUTS,
  ROOT,
  hashInputs,
  isBuildCurrent as current,
} from './build-inputs.ts';

function run(script: string): void {
  const result = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!current('dist/.build-inputs', APP_INPUTS, ['dist/index.html'])) run('build:app');
// The companion runs on @kiana/shared's compiled dist/, which build:companion makes first.
const companionOutputs = ['companion/dist/main.js', 'packages/shared/dist/protocol/index.js'];
if (!current('companion/dist/.build-inputs', COMPANION_INPUTS, companionOutputs)) {
  run('build:companion');
  writeFileSync(
    path.join(ROOT, 'companion/dist/.build-inputs'),
    `${hashInputs(COMPANION_INPUTS)}\n`,
  );
}

const companion = spawnSync(
  process.execPath,
  [path.join(ROOT, 'companion/dist/main.js'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(companion.status ?? 1);
