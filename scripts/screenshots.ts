/**
 * `npm run screenshots`: every view at 390×844 and 1280×800, light and dark, English and German,
 * into screenshots/ (git-ignored), named <screen>-<scheme>-<lang>-<view>.png. Runs the test build
 * (dist-test/, rebuilt when its sources changed) through the real companion in headless Chromium,
 * with a few sample memories so lists and search have something to show. The same combinations
 * are checked for sideways scrolling, clipped text and axe by tests/browser/views-layout.test.ts.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { APP_INPUTS, ROOT, isBuildCurrent } from './build-inputs.ts';
import { startCompanion } from '../tests/browser/companion-process.ts';
import { launchDevice, openApp } from '../tests/browser/devices.ts';
import { storeReady } from '../tests/browser/storage-rpc.ts';
import {
  LOOKS,
  SCREENS,
  VIEWS,
  seedSamples,
  showView,
  type Screen,
} from '../tests/browser/view-matrix.ts';

const OUT = join(ROOT, 'screenshots');

if (!isBuildCurrent('dist-test/.build-inputs', APP_INPUTS, 'dist-test/index.html')) {
  execSync('npm run build:test', { stdio: 'inherit', cwd: ROOT });
}
if (!existsSync(join(ROOT, 'companion/dist/main.js'))) {
  execSync('npm run build:companion', { stdio: 'inherit', cwd: ROOT });
}
mkdirSync(OUT, { recursive: true });

const companion = await startCompanion();
let count = 0;
try {
  for (const screen of Object.keys(SCREENS) as Screen[]) {
    const device = await launchDevice({ name: screen, ...SCREENS[screen], guarded: false });
    try {
      const page = await openApp(device, companion.url, '/#/capture');
      await storeReady(page);
      await seedSamples(page);
      for (const look of LOOKS) {
        for (const view of VIEWS) {
          await showView(page, companion.url, view, look);
          const file = join(OUT, `${screen}-${look.scheme}-${look.lang}-${view}.png`);
          await page.screenshot({ path: file, fullPage: true });
          count++;
        }
      }
    } finally {
      await device.dispose();
    }
  }
} finally {
  await companion.stop();
}
console.log(`${count} screenshots in ${OUT}`);
