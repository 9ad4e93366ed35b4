/**
 * Before any browser test: make sure a Chromium exists (installing Playwright's own on a laptop
 * without one) and that the app and companion are built (`npm test` builds; a direct
 * `vitest --project browser` on a fresh clone builds here).
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './chromium.ts';
import { ROOT } from './companion-process.ts';

export default function setup(): void {
  if (!findChromium()) {
    execSync('npx playwright-core install chromium', { stdio: 'inherit', cwd: ROOT });
  }
  // The companion runs on @kiana/shared's compiled dist/ as well (build:companion makes both).
  const outputs = ['dist/index.html', 'companion/dist/main.js', 'packages/shared/dist/errors.js'];
  if (!outputs.every((output) => existsSync(`${ROOT}${output}`))) {
    execSync('npm run build', { stdio: 'inherit', cwd: ROOT });
  }
}
