import { describe, expect, it } from 'vitest';
import { openApp, waitForServiceWorker } from './devices.ts';
import { useSession } from './session.ts';

const VIEWS = ['Capture', 'Search', 'Memories', 'Devices', 'Messages', 'Settings'] as const;

const session = useSession({ name: 'laptop' });

describe('the app shell', () => {
  it('is cross-origin isolated and installable as a PWA', async () => {
    const page = await openApp(session.device, session.companion.url);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await waitForServiceWorker(page);
    const cdp = await session.device.context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: unknown[];
    };
    expect(installabilityErrors).toEqual([]);
    await cdp.detach();
  });

  it('opens every view from the navigation, marking the current link', async () => {
    const page = await openApp(session.device, session.companion.url);
    const nav = page.getByRole('navigation');
    for (const name of VIEWS) {
      await nav.getByRole('link', { name, exact: true }).click();
      await expect
        .poll(() => nav.getByRole('link', { name, exact: true }).getAttribute('aria-current'))
        .toBe('page');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).count()).toBe(1);
    }
  });

  it('navigates by keyboard alone', async () => {
    const page = await openApp(session.device, session.companion.url, '/#/capture');
    const settings = page.getByRole('navigation').getByRole('link', { name: 'Settings' });
    for (
      let i = 0;
      i < 20 && !(await settings.evaluate((el) => el === document.activeElement));
      i++
    ) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await expect.poll(() => settings.getAttribute('aria-current')).toBe('page');
  });

  it('reports the store worker capabilities through the typed RPC', async () => {
    const page = await openApp(session.device, session.companion.url, '/#/settings');
    const about = page.getByRole('region', { name: 'About this device' });
    await expect.poll(() => about.innerText()).toMatch(/cross-origin isolated\s*:?\s*yes/i);
  });

  it('switches the language to German and keeps it after a reload', async () => {
    const page = await openApp(session.device, session.companion.url, '/#/settings');
    await page.getByLabel('Language').selectOption('de');
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Einstellungen' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    await nav.getByRole('link', { name: 'Erfassen' }).waitFor();
    await page.getByLabel('Sprache').selectOption('en');
    await nav.getByRole('link', { name: 'Capture' }).waitFor();
  });
});
