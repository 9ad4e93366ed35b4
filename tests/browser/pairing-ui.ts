/** Steps of the pairing browser tests, as a person does them. */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { launchDevice, openApp, type Device } from './devices.ts';

/** Gives the device a recognisable name in Settings › Device. */
export async function rename(device: Device, base: string, name: string): Promise<void> {
  const page = await openApp(device, base, '/#/settings');
  const section = page.getByRole('region', { name: 'Device' });
  // Playwright's fill waits for the field to be enabled (it is while the identity loads).
  await section.getByRole('textbox', { name: 'Device name' }).fill(name, { timeout: 30_000 });
  await section.getByRole('button', { name: 'Save' }).click();
  await section.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 30_000 });
}

/**
 * Launches one Chromium process per name (the profile named in lowercase) and renames each
 * device to its name in Settings, so the other screens show it.
 */
export async function namedDevices(base: string, names: readonly string[]): Promise<Device[]> {
  const devices = await Promise.all(names.map((n) => launchDevice({ name: n.toLowerCase() })));
  for (const [i, device] of devices.entries()) await rename(device, base, names[i] ?? '');
  return devices;
}

/** Moves to another view through the navigation, as a person does: no reload. */
export async function goTo(page: Page, view: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: view, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: view }).waitFor();
}

const LINK = /#\/devices\/pair\?v=1&s=[A-Za-z0-9_-]{43}&f=[a-z2-7]{26}$/;

/**
 * Opens Devices, presses `Pair a device` (choosing `Contact` when asked) and returns the link from
 * `Pairing link`.
 */
export async function makeLink(
  device: Device,
  base: string,
  kind: 'device' | 'contact' = 'device',
): Promise<string> {
  const page = await openApp(device, base, '/#/devices');
  const done = page.getByRole('button', { name: 'Done' });
  if (await done.isVisible()) await done.click();
  await page.getByRole('button', { name: 'Pair a device' }).click();
  await expect
    .poll(() => page.getByRole('img', { name: 'Pairing QR code' }).isVisible(), {
      timeout: 30_000,
    })
    .toBe(true);
  const field = page.getByRole('textbox', { name: 'Pairing link' });
  let link = await field.inputValue();
  if (kind === 'contact') {
    const first = link;
    await page.getByRole('radio', { name: /Contact/ }).check();
    await page.getByRole('heading', { name: 'Pair with a person' }).waitFor();
    // Another kind is another invitation: wait for its link (the field is empty in between).
    await expect
      .poll(
        async () => {
          const value = await field.inputValue();
          return value !== first && LINK.test(value);
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    link = await field.inputValue();
  }
  expect(link).toMatch(LINK);
  return link;
}

/** The join dialog on `page`. */
export const joinDialog = (page: Page): Locator => page.getByRole('dialog');

/** Opens `link` on `device` and waits for the dialog to ask `Pair with <name>?`. */
export async function openLink(device: Device, link: string): Promise<Page> {
  const page = device.page;
  await page.goto(link);
  await page.waitForSelector('html[data-ready="true"]');
  return page;
}

/** The inviting screen's question `Allow <name>?` (with the words and Allow/Deny). */
export const allowQuestion = (page: Page, name: string): Locator =>
  page.getByRole('group', { name: `Allow ${name}?` });

/** Waits for the inviting screen to ask about `name` and presses `Allow` (or `Deny`). */
export async function answerJoiner(
  page: Page,
  name: string,
  button: 'Allow' | 'Deny' = 'Allow',
): Promise<void> {
  const question = allowQuestion(page, name);
  await question.waitFor({ timeout: 90_000 });
  await question.getByRole('button', { name: button }).click();
}

/** How many pairings the device has stored (its IndexedDB `pairings` table, read directly). */
export function storedPairings(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('kiana');
        open.onerror = () => reject(new Error('cannot open the database'));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('pairings')) return resolve(0);
          const count = db.transaction('pairings').objectStore('pairings').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(new Error('cannot count pairings'));
        };
      }),
  );
}

/** The item for `name` in the `Devices` list. */
export function item(page: Page, name: string): Locator {
  return page
    .getByRole('list', { name: 'Devices' })
    .getByRole('listitem')
    .filter({ hasText: name });
}

/** The status text (`online`/`suspect`/`offline`) of `name`'s item, or '' when absent. */
export async function status(page: Page, name: string): Promise<string> {
  const row = item(page, name);
  if ((await row.count()) === 0) return '';
  return (await row.locator('[data-status]').textContent())?.trim() ?? '';
}

/**
 * Pairs `joiner` with `inviter` as My devices (or contacts) through the link, as a person does (Pair on the
 * joiner, Allow on the inviter), and waits until each shows the other online. Names are the ones
 * the devices were renamed to.
 */
export async function pairThroughLink(
  base: string,
  inviter: { device: Device; name: string },
  joiner: { device: Device; name: string },
  kind: 'device' | 'contact' = 'device',
): Promise<void> {
  const slow = { timeout: 90_000, interval: 500 };
  const link = await makeLink(inviter.device, base, kind);
  const dialog = joinDialog(await openLink(joiner.device, link));
  await expect
    .poll(() => dialog.getByRole('heading').textContent(), slow)
    .toBe(`Pair with ${inviter.name}?`);
  await dialog.getByRole('button', { name: 'Pair' }).click();
  await answerJoiner(inviter.device.page, joiner.name);
  await expect
    .poll(() => dialog.getByRole('heading').textContent(), slow)
    .toBe(`Paired with ${inviter.name}.`);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => status(inviter.device.page, joiner.name), slow).toBe('online');
  await expect.poll(() => status(joiner.device.page, inviter.name), slow).toBe('online');
}
