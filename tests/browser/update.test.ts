import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startCompanion, type CompanionProcess } from './companion-process.ts';
import { launchDevice, openApp, waitForServiceWorker, type Device } from './devices.ts';

const run = promisify(execFile);
let next: string;
let companion: CompanionProcess;
let device: Device;

beforeAll(async () => {
  // A second, really different build: what a user gets after we ship a new version.
  next = await mkdtemp(join(tmpdir(), 'kiana-next-build-'));
  await run('npx', ['vite', 'build', '--outDir', next, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, KIANA_BUILD_ID: 'next-build' },
  });
  companion = await startCompanion();
  device = await launchDevice({ name: 'laptop' });
});

afterAll(async () => {
  await device.dispose();
  await companion.stop();
  await rm(next, { recursive: true, force: true });
});

describe('updates', () => {
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
  });
});
