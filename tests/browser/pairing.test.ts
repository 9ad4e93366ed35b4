/**
 * Pairing and the mesh with three separate Chromium processes through the real companion (with
 * its STUN, as on a LAN): pairing through the link read from `Pairing link`, confirmed with
 * `Pair` on one screen and `Allow` on the other; both sides online; the companion restarted under
 * live channels; a device closed and reopened; a second tab that follows and takes over; and
 * every refusal with its message: a reused link, an expired link, a link with the wrong
 * fingerprint, and a device that was removed while it was away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type CompanionProcess } from './companion-process.ts';
import { openApp, type Device } from './devices.ts';
import {
  allowQuestion,
  answerJoiner,
  item,
  joinDialog,
  makeLink,
  namedDevices,
  openLink,
  status,
} from './pairing-ui.ts';

let companion: CompanionProcess;
let laptop: Device;
let phone: Device;
let tablet: Device;
const SLOW = { timeout: 60_000, interval: 250 };
let usedLink = '';

beforeAll(async () => {
  companion = await startCompanion({ args: ['--stun-port', '0'] });
  [laptop, phone, tablet] = (await namedDevices(companion.url, ['Laptop', 'Phone', 'Tablet'])) as [
    Device,
    Device,
    Device,
  ];
  if (process.env['DEBUG_PAIRING']) {
    for (const d of [laptop, tablet]) d.page.on('console', (m) => console.log(d.name, m.text()));
  }
});

afterAll(async () => {
  await Promise.all([laptop.dispose(), phone.dispose(), tablet.dispose()]);
  await companion.stop();
});

describe('pairing and the mesh', () => {
  it('pairs through the link: same words on both screens, then each shows the other online', async () => {
    const link = await makeLink(laptop, companion.url);
    usedLink = link;
    const page = await openLink(phone, link);
    const dialog = joinDialog(page);
    await expect
      .poll(() => dialog.getByRole('heading').textContent(), SLOW)
      .toBe('Pair with Laptop?');
    const words = await dialog.locator('[data-sas]').getAttribute('data-sas');
    expect(words).toMatch(/^[a-z]+ [a-z]+ [a-z]+ [a-z]+$/);
    // The inviting screen asks too, beside the same words.
    await expect
      .poll(
        () => allowQuestion(laptop.page, 'Phone').locator('[data-sas]').getAttribute('data-sas'),
        SLOW,
      )
      .toBe(words);
    await dialog.getByRole('button', { name: 'Pair' }).click();
    await answerJoiner(laptop.page, 'Phone');
    await expect
      .poll(() => dialog.getByRole('heading').textContent(), SLOW)
      .toBe('Paired with Phone.'.replace('Phone', 'Laptop'));
    await expect
      .poll(
        () =>
          laptop.page
            .getByRole('region', { name: 'Pair a device' })
            .getByRole('status')
            .last()
            .textContent(),
        SLOW,
      )
      .toContain('Paired with Phone.');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => status(laptop.page, 'Phone'), SLOW).toBe('online');
    await expect.poll(() => status(phone.page, 'Laptop'), SLOW).toBe('online');
    await expect.poll(() => item(laptop.page, 'Phone').textContent()).toMatch(/My device/);
    await expect.poll(() => item(laptop.page, 'Phone').textContent()).toMatch(/\d+ ms/);
  }, 180_000);

  it('refuses a link that was already used, with a clear message', async () => {
    // The link the phone used in the first test (no longer on the laptop's screen: a used link
    // goes once it paired, so the device list stays in view).
    const page = await openLink(tablet, usedLink);
    await expect
      .poll(() => joinDialog(page).getByRole('alert').textContent(), SLOW)
      .toBe('This pairing link was already used. Ask for a new one.');
    await joinDialog(page).getByRole('button', { name: 'Close' }).click();
    expect(await item(tablet.page, 'Laptop').count()).toBe(0);
  }, 120_000);

  it('refuses a link after five minutes (test clock moved forward)', async () => {
    const link = await makeLink(laptop, companion.url);
    await laptop.page.evaluate(() =>
      (
        globalThis as unknown as { kianaTest: { advanceInviteClock(ms: number): Promise<void> } }
      ).kianaTest.advanceInviteClock(6 * 60_000),
    );
    const page = await openLink(tablet, link);
    await expect
      .poll(() => joinDialog(page).getByRole('alert').textContent(), SLOW)
      .toBe('This pairing link has expired. Ask for a new one.');
    await joinDialog(page).getByRole('button', { name: 'Close' }).click();
  }, 120_000);

  it('refuses a link whose fingerprint is not the inviting device’s key', async () => {
    const link = await makeLink(laptop, companion.url);
    const forged = link.replace(/f=[a-z2-7]{26}$/, `f=${'a'.repeat(26)}`);
    const page = await openLink(tablet, forged);
    await expect
      .poll(() => joinDialog(page).getByRole('alert').textContent(), SLOW)
      .toBe(
        'The device that answered does not match this pairing link, so pairing was stopped to keep you safe.',
      );
    // The inviting device hears why, too.
    await expect
      .poll(() => laptop.page.getByRole('region', { name: 'Pair a device' }).textContent(), SLOW)
      .toContain('does not match this pairing link');
    await joinDialog(page).getByRole('button', { name: 'Close' }).click();
    expect(await item(tablet.page, 'Laptop').count()).toBe(0);
  }, 120_000);

  it('keeps the paired devices connected while the companion restarts', async () => {
    await companion.restart();
    // The data channel does not go through the companion: the devices stay online throughout.
    for (let i = 0; i < 8; i++) {
      expect(await status(laptop.page, 'Phone')).toBe('online');
      await new Promise((r) => setTimeout(r, 500));
    }
    await expect.poll(() => status(phone.page, 'Laptop'), SLOW).toBe('online');
  }, 120_000);

  it('brings a closed and reopened device back online', async () => {
    await phone.close();
    await expect
      .poll(() => status(laptop.page, 'Phone'), { timeout: 90_000, interval: 500 })
      .toBe('offline');
    await phone.reopen();
    await openApp(phone, companion.url, '/#/devices');
    await expect.poll(() => status(phone.page, 'Laptop'), SLOW).toBe('online');
    await expect.poll(() => status(laptop.page, 'Phone'), SLOW).toBe('online');
  }, 180_000);

  it('lets one tab hold the presence while another follows, and hands over when it closes', async () => {
    const second = await laptop.context.newPage();
    await second.goto(`${companion.url}/#/devices`);
    await second.waitForSelector('html[data-ready="true"]');
    // The second tab has no mesh of its own; it shows the leader's view.
    await expect.poll(() => status(second, 'Phone'), SLOW).toBe('online');
    const presence = () => second.evaluate(() => document.documentElement.dataset['presence']);
    expect(await presence()).toBeUndefined();
    const leader = laptop.page;
    laptop.page = second;
    await leader.close();
    // The follower takes the Web Lock, starts the mesh and reconnects to the phone.
    await expect.poll(presence, SLOW).toBe('leader');
    await expect.poll(() => status(phone.page, 'Laptop'), SLOW).toBe('online');
    await expect.poll(() => status(second, 'Phone'), SLOW).toBe('online');
  }, 180_000);

  it('refuses a device that was removed while it was away, and it forgets the pairing too', async () => {
    await phone.close();
    await expect
      .poll(() => status(laptop.page, 'Phone'), { timeout: 90_000, interval: 500 })
      .toBe('offline');
    laptop.page.once('dialog', (d) => void d.accept());
    // A My device is let go with `Remove device` (the chain's removal, then the unpairing).
    await item(laptop.page, 'Phone').getByRole('button', { name: 'Remove device' }).click();
    await expect.poll(() => item(laptop.page, 'Phone').count(), SLOW).toBe(0);
    await phone.reopen();
    const page = await openApp(phone, companion.url, '/#/devices');
    await expect
      .poll(() => page.getByRole('status', { name: 'Notices' }).textContent(), SLOW)
      .toContain('Removed from your devices: Laptop removed this device.');
    await expect.poll(() => item(page, 'Laptop').count(), SLOW).toBe(0);
  }, 180_000);
});
