/**
 * A browser that refuses Kiana its storage (IndexedDB blocked, as in WebKit without a data
 * directory or some private modes) must say so at once on Capture and fail a Save at once with
 * the reason, never leave it on "Saving…"; Settings › Data must not stay on "Checking…".
 * The refusal is made in the page (the main thread, where the device identity lives): every
 * IndexedDB open throws the SecurityError such browsers throw.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openApp } from './devices.ts';
import { useSession } from './session.ts';

const session = useSession({ name: 'refusing' });

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
    const text = page.getByRole('textbox', { name: 'New memory' });
    await text.fill('kept despite the refusal');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Not saved — your text is still here.' })
      .filter({ hasText: 'does not let Kiana store data here' })
      .waitFor();
    expect(await page.getByRole('button', { name: 'Saving…' }).count()).toBe(0);
    expect(await text.inputValue()).toBe('kept despite the refusal');
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
});
