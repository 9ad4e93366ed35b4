import { describe, expect, it } from 'vitest';
import { openApp, waitForServiceWorker } from './devices.ts';
import { useSession } from './session.ts';

const session = useSession({ name: 'phone' });

describe('offline', () => {
  it('renders and navigates the shell with the companion stopped, still cross-origin isolated', async () => {
    const page = await openApp(session.device, session.companion.url);
    await waitForServiceWorker(page);
    await session.companion.stop();

    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Memories' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).innerText())
      .toMatch(/memories/i);

    // A deep link typed while offline still gets the shell, not a browser error page.
    await page.goto(`${session.companion.url}/#/settings`);
    await page.waitForSelector('html[data-ready="true"]');
    await nav.getByRole('link', { name: 'Settings' }).waitFor();
  });
});
