/**
 * Before any browser test: make sure a Chromium exists (installing Playwright's own on a laptop
 * without one) and that the builds are there and current: the test build (dist-test/, which the
 * tests drive through its hooks), the production build (dist/, which the update and bundle tests
 * check) and the companion. `npm test` builds them first; a direct `vitest --project browser`
 * rebuilds an app build whose sources changed since (the stamp vite.config.ts leaves in it).
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { APP_INPUTS, isBuildCurrent } from '../../scripts/build-inputs.ts';
import { buildEnv } from './build-env.ts';
import { findChromium } from './chromium.ts';
import { ROOT } from './companion-process.ts';

export default function setup(): void {
  if (!findChromium()) {
    execSync('npx playwright-core install chromium', { stdio: 'inherit', cwd: ROOT });
  }
  const build = (script: string): void => {
    execSync(`npm run ${script}`, { stdio: 'inherit', cwd: ROOT, env: buildEnv() });
  };
  if (!isBuildCurrent('dist/.build-inputs', APP_INPUTS, 'dist/index.html')) build('build:app');
  if (!isBuildCurrent('dist-test/.build-inputs', APP_INPUTS, 'dist-test/index.html')) {
    build('build:test');
  }
  // The companion runs on @kiana/shared's compiled dist/ as well (build:companion makes both).
  const companion = ['companion/dist/main.js', 'packages/shared/dist/errors.js'];
  if (!companion.every((output) => existsSync(`${ROOT}${output}`))) build('build:companion');
}
