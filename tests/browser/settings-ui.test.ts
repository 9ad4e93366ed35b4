/**
 * Settings as a person reads it: chain internals behind "Advanced", a way to ask for persistent
 * storage when the browser has not granted it, and model downloads that say offline that they
 * need a connection instead of offering a button that cannot work.
 */
import { describe, expect, it } from 'vitest';
import { openApp } from './devices.ts';
import { useSession } from './session.ts';

const session = useSession({ name: 'settings' });

describe('Settings', () => {
  it('keeps the chain head and forks behind an Advanced disclosure', async () => {
    const page = await openApp(session.device, session.companion.url, '/#/settings');
    const chain = page.getByRole('region', { name: 'Chain' });
    await expect.poll(() => chain.innerText()).toMatch(/Changes waiting for a block\s*:?\s*0/);
    expect(await chain.getByText('Head', { exact: true }).isVisible()).toBe(false);
    await chain.getByText('Advanced: chain head and forks').click();
    expect(await chain.getByText('Head', { exact: true }).isVisible()).toBe(true);
  });

  it('offers to ask for persistent storage while the browser has not granted it', async () => {
    const page = await openApp(session.device, session.companion.url, '/#/settings');
    const storage = page.getByRole('region', { name: 'Storage' });
    await expect.poll(() => storage.innerText()).toMatch(/Persistent storage\s*:?\s*(Yes|No)/);
    const granted = await page.evaluate(() => navigator.storage.persisted());
    const ask = storage.getByRole('button', { name: 'Ask to keep data permanently' });
    expect(await ask.count()).toBe(granted ? 0 : 1);
    if (granted) return;
    await ask.click();
    const answer = await page.evaluate(() => navigator.storage.persisted());
    await expect
      .poll(() => storage.innerText())
      .toContain(answer ? 'Persistent storage\nYes' : 'The browser said no for now.');
  });

  it('says offline that a model download needs a connection, with the button disabled', async () => {
    const page = await openApp(session.device, session.companion.url, '/#/settings');
    const models = page.getByRole('region', { name: 'Models' });
    const download = models.getByRole('button', { name: 'Download' }).first();
    await download.waitFor();
    expect(await download.isDisabled()).toBe(false);
    await session.device.context.setOffline(true);
    try {
      await models
        .getByText('Downloading needs an internet connection; you are offline.')
        .first()
        .waitFor();
      expect(await download.isDisabled()).toBe(true);
    } finally {
      await session.device.context.setOffline(false);
    }
    await expect.poll(() => download.isDisabled()).toBe(false);
  });
});
