/**
 * The Devices view as a person uses it on a 1280×800 laptop, with two Chromium processes through
 * the real companion (bound to loopback, so it has no LAN address): the pairing panel takes the
 * focus and says other devices cannot open a localhost link; after pairing the used QR code and
 * link go; the row keeps its action on its line; a rename shows at once on every screen of both
 * devices (Devices, memories' origin, Settings › Chain), carried over the open channel; a reload
 * with the phone away keeps its last-seen time; and with the companion stopped, a reload still
 * lists the paired device (offline, last seen kept) while
 * `Pair a device` says at once that the companion is needed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type CompanionProcess } from './companion-process.ts';
import { launchDevice, openApp, waitForServiceWorker, type Device } from './devices.ts';
import { capture } from './capture-ui.ts';
import { goTo, item, pairThroughLink, rename, status } from './pairing-ui.ts';

let companion: CompanionProcess;
let laptop: Device;
let phone: Device;
const SLOW = { timeout: 60_000, interval: 250 };

beforeAll(async () => {
  companion = await startCompanion({ args: ['--stun-port', '0'] });
  laptop = await launchDevice({ name: 'laptop', viewport: { width: 1280, height: 800 } });
  phone = await launchDevice({ name: 'phone' });
  await rename(laptop, companion.url, 'Laptop');
  await rename(phone, companion.url, 'Phone');
});

afterAll(async () => {
  await Promise.all([laptop.dispose(), phone.dispose()]);
  await companion.stop();
});

describe('the Devices view', () => {
  it('focuses the pairing panel and says a localhost link reaches no other device', async () => {
    const page = await openApp(laptop, companion.url, '/#/devices');
    const start = page.getByRole('button', { name: 'Pair a device' });
    await start.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('region', { name: 'Pair a device' });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent.trim()), SLOW)
      .toBe('Pair a device');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    await expect
      .poll(() => panel.locator('[data-reach]').getAttribute('data-reach'), SLOW)
      .toBe('local');
    expect(await panel.textContent()).toContain('Other devices cannot open this link');
    // Both kinds say what they mean, and a contact pairing is not called "Pair a device".
    expect(await panel.textContent()).toContain('Your own phone or computer');
    await panel.getByRole('radio', { name: /Contact/ }).check();
    await page.getByRole('heading', { name: 'Pair with a person' }).waitFor();
    await page.getByRole('radio', { name: /My device/ }).check();
    await page.getByRole('button', { name: 'Done' }).click();
    // Closing gives the focus back to the button that opened the panel.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent.trim()), SLOW)
      .toBe('Pair a device');
  }, 120_000);

  it('after pairing drops the used link and lists the device with its action on one line', async () => {
    await pairThroughLink(
      companion.url,
      { device: laptop, name: 'Laptop' },
      { device: phone, name: 'Phone' },
    );
    const page = laptop.page;
    const panel = page.getByRole('region', { name: 'Pair a device' });
    await expect.poll(() => panel.textContent(), SLOW).toContain('Paired with Phone.');
    expect(await panel.getByRole('img', { name: 'Pairing QR code' }).count()).toBe(0);
    expect(await panel.getByRole('textbox', { name: 'Pairing link' }).count()).toBe(0);
    const row = item(page, 'Phone');
    const name = await row.getByText('Phone', { exact: true }).boundingBox();
    const action = await row.getByRole('button', { name: 'Remove device' }).boundingBox();
    if (name === null || action === null) throw new Error('row not laid out');
    // Same line: the button's vertical span covers the name's middle.
    const middle = name.y + name.height / 2;
    expect(action.y).toBeLessThan(middle);
    expect(action.y + action.height).toBeGreaterThan(middle);
    await expect.poll(() => row.locator('[data-sync]').textContent(), SLOW).toMatch(/memories/);
    expect(await row.textContent()).not.toContain('Chain height');
  }, 240_000);

  it('shows a rename at once on every screen here and on the paired phone, over the mesh', async () => {
    await capture(laptop, companion.url, 'written on the laptop');
    // The phone shows the laptop's memory and the laptop, online, by the name it had.
    const phonePage = await openApp(phone, companion.url, '/#/memories');
    const origin = phonePage
      .getByRole('list', { name: 'Memories' })
      .locator(':scope > li')
      .filter({ hasText: 'written on the laptop' })
      .locator('.origin');
    await expect.poll(() => origin.textContent(), SLOW).toBe('Laptop');
    await goTo(phonePage, 'Devices');
    await expect.poll(() => status(phonePage, 'Laptop'), SLOW).toBe('online');
    // The laptop is renamed without reloading either page, so no new channel (and no new
    // hello) can carry the name: only the live message over the open channel can.
    const page = await openApp(laptop, companion.url, '/#/devices');
    await expect.poll(() => status(page, 'Phone'), SLOW).toBe('online');
    await expect.poll(() => status(phonePage, 'Laptop'), SLOW).toBe('online');
    await goTo(page, 'Settings');
    const device = page.getByRole('region', { name: 'Device' });
    await device
      .getByRole('textbox', { name: 'Device name' })
      .fill('Work laptop', { timeout: 60_000 });
    await device.getByRole('button', { name: 'Save' }).click();
    const chain = page.getByRole('region', { name: 'Chain' });
    await expect.poll(() => chain.textContent(), SLOW).toContain('Work laptop (this device)');
    expect(await chain.textContent()).not.toContain('Laptop (this device)');

    await expect.poll(() => item(phonePage, 'Work laptop').count(), SLOW).toBe(1);
    expect(await status(phonePage, 'Work laptop')).toBe('online');
    await goTo(phonePage, 'Memories');
    await expect.poll(() => origin.textContent(), SLOW).toBe('Work laptop');
    await goTo(phonePage, 'Settings');
    const phoneChain = phonePage.getByRole('region', { name: 'Chain' });
    await expect.poll(() => phoneChain.textContent(), SLOW).toContain('Work laptop');
    expect(await phoneChain.textContent()).not.toContain('Laptop');
    // The name was kept with the pairing: a reload of the phone still shows it.
    await openApp(phone, companion.url, '/#/devices');
    await expect.poll(() => item(phone.page, 'Work laptop').count(), SLOW).toBe(1);
  }, 240_000);

  it('keeps listing paired devices with the companion down, and pairing says it needs it', async () => {
    // Last seen is written when the device is heard; wait until the phone has been.
    // The reload below comes from the service worker's cache, as on a laptop with no companion;
    // a fresh load is controlled by it (the first one of a profile is not).
    await laptop.page.reload();
    await openApp(laptop, companion.url, '/#/devices');
    await waitForServiceWorker(laptop.page);
    await expect.poll(() => status(laptop.page, 'Phone'), SLOW).toBe('online');
    await phone.close();
    // With the companion up and the phone away, a reload still says when it was last seen
    // (kept in IndexedDB), not that it was never seen.
    let page = await openApp(laptop, companion.url, '/#/devices');
    await expect.poll(() => status(page, 'Phone'), SLOW).toBe('offline');
    await expect.poll(() => item(page, 'Phone').textContent(), SLOW).toContain('Last seen');
    expect(await item(page, 'Phone').textContent()).not.toContain('Not seen');
    await companion.stop();
    page = await openApp(laptop, companion.url, '/#/devices');
    await expect.poll(() => status(page, 'Phone'), SLOW).toBe('offline');
    expect(await item(page, 'Phone').textContent()).toContain('Last seen');
    expect(await item(page, 'Phone').textContent()).not.toContain('Not seen');
    expect(await page.getByText('No devices paired yet').count()).toBe(0);
    await page.getByRole('button', { name: 'Pair a device' }).click();
    const alert = page.getByRole('region', { name: 'Pair a device' }).getByRole('alert');
    await expect.poll(() => alert.textContent(), SLOW).toContain('Pairing needs the companion');
    // One message, not two: the view's own "cannot be reached" line steps aside.
    expect(await page.getByText('The companion cannot be reached').count()).toBe(0);
    expect(await page.getByRole('textbox', { name: 'Pairing link' }).count()).toBe(0);
    await companion.restart();
  }, 180_000);
});
