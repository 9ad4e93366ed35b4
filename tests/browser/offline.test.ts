import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type CompanionProcess } from './companion-process.ts';
import { launchDevice, openApp, waitForServiceWorker, type Device } from './devices.ts';

let companion: CompanionProcess;
let device: Device;

beforeAll(async () => {
  companion = await startCompanion();
  device = await launchDevice({ name: 'phone' });
});

afterAll(async () => {
  await device.dispose();
  await companion.stop();
});

describe('offline', () => {
  it('renders and navigates the shell with the companion stopped, still cross-origin isolated', async () => {
    const page = await openApp(device, companion.url);
    await waitForServiceWorker(page);
    await companion.stop();

    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Memories' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).innerText())
      .toMatch(/memories/i);

    // A deep link typed while offline still gets the shell, not a browser error page.
    await page.goto(`${companion.url}/#/settings`);
    await page.waitForSelector('html[data-ready="true"]');
    await nav.getByRole('link', { name: 'Settings' }).waitFor();
  });
});
