/**
 * A model download on a browser whose storage is nearly full (Chromium's real quota, lowered
 * through the DevTools protocol): it is refused at once with a clear "no space" error, stores
 * nothing, and succeeds once there is room again.
 */
import { describe, expect, it } from 'vitest';
import { opfsModelFiles } from './embed-rpc.ts';
import { openApp } from './devices.ts';
import { useSession } from './session.ts';

const session = useSession({ name: 'laptop' }, { args: ['--models', 'test'] });
const MODEL = 'Test model (WordPiece, English layout)';

describe('model download on a full browser', () => {
  it('is refused with a storage error, keeps nothing, and works once there is room', async () => {
    const page = await openApp(session.device, session.companion.url, '/#/settings');
    const cdp = await session.device.context.newCDPSession(page);
    const origin = new URL(session.companion.url).origin;
    const usage = await page.evaluate(`navigator.storage.estimate().then((e) => e.usage)`);
    await cdp.send('Storage.overrideQuotaForOrigin', {
      origin,
      quotaSize: Number(usage) + 4096,
    });

    const row = page.getByRole('region', { name: 'Models' }).getByRole('article', { name: MODEL });
    await row.getByRole('button', { name: 'Download' }).click();
    const alert = row.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.innerText()).toMatch(/no more storage space/i);
    expect(await row.getByTestId('model-state').innerText()).toBe('Download failed');
    expect((await opfsModelFiles(page)).filter((f) => f.startsWith('Xenova--all-MiniLM'))).toEqual(
      [],
    );

    // Room again (the override lifted): the same button downloads the model.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await row.getByRole('button', { name: 'Download' }).click();
    await expect
      .poll(() => row.getByTestId('model-state').innerText(), { timeout: 60_000 })
      .toMatch(/^Downloaded/);
  });
});
