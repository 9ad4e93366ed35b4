import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PRODUCTION_DIST,
  ROOT,
  startCompanion,
  type CompanionProcess,
} from './companion-process.ts';
import { buildEnv } from './build-env.ts';
import { launchDevice, openApp, waitForServiceWorker, type Device } from './devices.ts';

const run = promisify(execFile);
let next: string;
let same: string;
let companion: CompanionProcess;
let device: Device;

/** Builds the app into a new temporary folder. */
async function build(prefix: string, env: NodeJS.ProcessEnv): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), prefix));
  await run('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    env,
  });
  return out;
}

/** Every file of a build with its sha256, by path. */
async function contents(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  // Plain names: Node 20's recursive readdir with file types can leave entries out.
  for (const name of (await readdir(dir, { recursive: true })).sort()) {
    const file = join(dir, name);
    if (!(await stat(file)).isFile()) continue;
    files.set(
      name,
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex'),
    );
  }
  return files;
}

beforeAll(async () => {
  // The same sources again (what a restart of `npm start` serves), and a second, really
  // different build: what a user gets after we ship a new version.
  const env = buildEnv();
  same = await build('kiana-same-build-', env);
  next = await build('kiana-next-build-', { ...env, KIANA_BUILD_ID: 'next-build' });
  // The production build, as `npm start` serves it (this test needs no test hooks).
  companion = await startCompanion({ dist: PRODUCTION_DIST });
  device = await launchDevice({ name: 'laptop' });
}, 300_000);

afterAll(async () => {
  await device.dispose();
  await companion.stop();
  await rm(next, { recursive: true, force: true });
  await rm(same, { recursive: true, force: true });
});

describe('updates', () => {
  it('builds unchanged sources into the same bytes, so a restart offers no update', async () => {
    expect(Object.fromEntries(await contents(same))).toEqual(
      Object.fromEntries(await contents(PRODUCTION_DIST)),
    );

    const page = await openApp(device, companion.url);
    await waitForServiceWorker(page);
    const before = await page.evaluate(() => document.documentElement.dataset.build);
    await companion.restart({ dist: same });
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    // Let the browser finish its update check against the restarted companion.
    const waiting = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      if (registration === undefined) return 'no service worker';
      await registration.update();
      return registration.waiting !== null || registration.installing !== null;
    });
    expect(waiting).toBe(false);
    expect(await page.getByText('Update available').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.dataset.build)).toBe(before);
  });

  it('offers "Update available" for a new build and loads it when applied', async () => {
    const page = await openApp(device, companion.url);
    await waitForServiceWorker(page);
    const before = await page.evaluate(() => document.documentElement.dataset.build);
    expect(before).not.toBe('next-build');

    await companion.restart({ dist: next });
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    await page.getByText('Update available').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Update', exact: true }).click();

    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.build), { timeout: 30_000 })
      .toBe('next-build');
    // Longer than the steps' own waits together (Playwright's 30 s each): once in CI this test
    // ran past vitest's 60 s with no step named; a step that hangs must fail by its own timeout.
  }, 200_000);
});
