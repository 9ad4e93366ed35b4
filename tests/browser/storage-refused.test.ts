/**
 * A browser that refuses Kiana its storage (IndexedDB blocked, as in WebKit without a data
 * directory or some private modes) must say so at once on Capture and fail a Save at once with
 * the reason, never leave it on "Saving…"; Settings › Data must not stay on "Checking…".
 * The refusal is made in the page (the main thread, where the device identity lives): every
 * IndexedDB open throws the SecurityError such browsers throw.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp } from './devices.ts';
import { useSession } from './session.ts';

const session = useSession({ name: 'refusing' });

/** Types `words`, presses Save, and sees it fail with the reason while the text stays. */
async function saveFailsAtOnce(page: Page, words: string): Promise<void> {
  const text = page.getByRole('textbox', { name: 'New memory' });
  await text.fill(words);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page
    .getByRole('alert')
    .filter({ hasText: 'Not saved — your text is still here.' })
    .filter({ hasText: 'does not let Kiana store data here' })
    .waitFor();
  expect(await text.inputValue()).toBe(words);
}

describe('a browser that refuses storage', () => {
  beforeAll(async () => {
    await session.device.context.addInitScript(() => {
      IDBFactory.prototype.open = () => {
        throw new DOMException(
          'The user denied permission to access the database.',
          'SecurityError',
        );
      };
    });
  });

  it('says on Capture that memories cannot be kept here, before anything is typed', async () => {
    const page = await openApp(session.device, session.companion.url, '/#/capture');
    const notice = page.getByRole('alert').filter({
      hasText: 'This browser does not let Kiana keep memories here.',
    });
    await notice.waitFor();
    expect(await notice.innerText()).toContain('Open Kiana in a normal window');
  });

  it('fails a Save at once with the reason and keeps the text', async () => {
    const page = await openApp(session.device, session.companion.url, '/#/capture');
    await saveFailsAtOnce(page, 'kept despite the refusal');
    expect(await page.getByRole('button', { name: 'Saving…' }).count()).toBe(0);
  });

  it('shows Settings › Data as unknown with the reason, not as still checking', async () => {
    const page = await openApp(session.device, session.companion.url, '/#/settings');
    const data = page.getByRole('region', { name: 'Data' });
    // The reason, not a timeout ("This took too long"), which is all a hanging store could give.
    await page
      .getByRole('alert')
      .filter({ hasText: 'Kiana cannot store memories' })
      .filter({ hasText: 'does not let Kiana store data here' })
      .waitFor();
    await expect.poll(() => data.innerText()).toMatch(/Memories\s*:?\s*Unknown/i);
    expect(await data.innerText()).not.toContain('Checking…');
  });

  it('fails at once in a tab that does not own the store, too', async () => {
    const owner = await openApp(session.device, session.companion.url, '/#/capture');
    await owner
      .getByRole('alert')
      .filter({ hasText: 'This browser does not let Kiana keep memories here.' })
      .waitFor();
    // A second tab of the same browser: the first holds the owner lock, so this one follows.
    const page = await session.device.context.newPage();
    try {
      await page.goto(`${session.companion.url}/#/capture`);
      await page.waitForSelector('html[data-ready="true"]');
      // Its request for the owner lock waits behind the first tab's.
      const locks = await page.evaluate(() => navigator.locks.query());
      expect(locks.pending?.some((l) => l.name === 'kiana-store-owner')).toBe(true);
      await page
        .getByRole('alert')
        .filter({ hasText: 'This browser does not let Kiana keep memories here.' })
        .waitFor();
      await saveFailsAtOnce(page, 'typed in the second tab');
    } finally {
      await page.close();
    }
  });
});
