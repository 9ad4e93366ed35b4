/**
 * Both people confirm a pairing: two separate Chromium processes through the real companion.
 * The joiner's `Pair` alone pairs nothing (whoever holds a leaked link could press it); the
 * inviting screen asks `Allow <name>?` beside the same words. Deny leaves no pairing on either
 * side and the joiner reads why; Allow completes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type CompanionProcess } from './companion-process.ts';
import type { Device } from './devices.ts';
import {
  allowQuestion,
  answerJoiner,
  item,
  joinDialog,
  makeLink,
  namedDevices,
  openLink,
  pairThroughLink,
  storedPairings,
} from './pairing-ui.ts';

let companion: CompanionProcess;
let laptop: Device;
let phone: Device;
const SLOW = { timeout: 60_000, interval: 250 };

beforeAll(async () => {
  companion = await startCompanion({ args: ['--stun-port', '0'] });
  [laptop, phone] = (await namedDevices(companion.url, ['Laptop', 'Phone'])) as [Device, Device];
});

afterAll(async () => {
  await Promise.all([laptop.dispose(), phone.dispose()]);
  await companion.stop();
});

describe('both people confirm a pairing', () => {
  it('pairs nothing on the joiner’s Pair alone; Deny leaves no pairing on either side and the joiner reads why', async () => {
    const link = await makeLink(laptop, companion.url);
    const dialog = joinDialog(await openLink(phone, link));
    await expect
      .poll(() => dialog.getByRole('heading').textContent(), SLOW)
      .toBe('Pair with Laptop?');
    const words = await dialog.locator('[data-sas]').getAttribute('data-sas');
    const question = allowQuestion(laptop.page, 'Phone');
    await expect
      .poll(() => question.locator('[data-sas]').getAttribute('data-sas'), SLOW)
      .toBe(words);
    await dialog.getByRole('button', { name: 'Pair' }).click();
    // The joiner waits for the inviting screen; nothing is paired yet on either side.
    await expect
      .poll(() => dialog.getByRole('status').textContent(), SLOW)
      .toBe('Waiting for Laptop to allow it on its screen…');
    expect(await storedPairings(laptop.page)).toBe(0);
    expect(await storedPairings(phone.page)).toBe(0);

    await answerJoiner(laptop.page, 'Phone', 'Deny');
    await expect
      .poll(() => dialog.getByRole('alert').textContent(), SLOW)
      .toBe('The other device did not allow this pairing, so nothing was paired.');
    await expect
      .poll(() => laptop.page.getByRole('region', { name: 'Pair a device' }).textContent(), SLOW)
      .toContain('Denied. This link pairs nobody any more');
    await dialog.getByRole('button', { name: 'Close' }).click();
    // Neither device stored a pairing, nor lists one.
    expect(await storedPairings(laptop.page)).toBe(0);
    expect(await storedPairings(phone.page)).toBe(0);
    expect(await item(laptop.page, 'Phone').count()).toBe(0);
    expect(await item(phone.page, 'Laptop').count()).toBe(0);
  }, 180_000);

  it('pairs once the inviting screen allows it, and each shows the other online', async () => {
    await pairThroughLink(
      companion.url,
      { device: laptop, name: 'Laptop' },
      { device: phone, name: 'Phone' },
    );
    expect(await storedPairings(laptop.page)).toBe(1);
    expect(await storedPairings(phone.page)).toBe(1);
  }, 180_000);
});
