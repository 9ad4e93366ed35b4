/**
 * Removing a lost phone, issue #12: three separate Chromium processes through the real companion,
 * paired through the UI as My devices. The phone is stopped (lost); on the laptop the person
 * presses `Remove device` on it and confirms. The laptop and the tablet close its link and keep
 * every memory, the phone's too. When the phone comes back it is told (`Removed from your
 * devices`), keeps its own data, and what it writes then reaches nobody.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCompanion, type CompanionProcess } from './companion-process.ts';
import { launchDevice, openApp, type Device } from './devices.ts';
import { capture } from './capture-ui.ts';
import { item, pairThroughLink, rename, status } from './pairing-ui.ts';
import { call, storeReady } from './storage-rpc.ts';

let companion: CompanionProcess;
let laptop: Device;
let phone: Device;
let tablet: Device;
const SLOW = { timeout: 90_000, interval: 500 };
const BEFORE = 'Phone wrote this before it was lost';
const LAPTOP = 'Laptop wrote this before the phone was lost';
const AFTER = 'Phone wrote this after it was removed';

beforeAll(async () => {
  companion = await startCompanion({ args: ['--stun-port', '0'] });
  [laptop, phone, tablet] = (await Promise.all(
    ['laptop', 'phone', 'tablet'].map((name) => launchDevice({ name })),
  )) as [Device, Device, Device];
  for (const d of [laptop, phone, tablet]) await rename(d, companion.url, title(d));
}, 180_000);

afterAll(async () => {
  await Promise.all([laptop, phone, tablet].map((d) => d.dispose()));
  await companion.stop();
});

const title = (d: Device): string => d.name.charAt(0).toUpperCase() + d.name.slice(1);

function pair(inviter: Device, joiner: Device): Promise<void> {
  const as = (d: Device) => ({ device: d, name: title(d) });
  return pairThroughLink(companion.url, as(inviter), as(joiner));
}

/** The texts of the memories `page`'s store shows, sorted. */
async function texts(page: Page): Promise<string[]> {
  const { rows } = await call(page, 'memories.list', { limit: 100 });
  return rows.map((m) => m.text).sort();
}

/** Each device's id, read from its own chain. */
const ids = new Map<Device, string>();

/** Whether `page`'s chain counts `d` as an active authority (null: not an authority). */
async function authority(page: Page, d: Device): Promise<boolean | null> {
  const info = await call(page, 'chain.info', undefined);
  return info.authorities.find((a) => a.device === ids.get(d))?.active ?? null;
}

describe('removing a lost device', () => {
  it('pairs three My devices into one chain, and each shows what the others wrote', async () => {
    await pair(laptop, phone);
    await pair(laptop, tablet);
    await pair(phone, tablet);
    await capture(phone, companion.url, BEFORE);
    await capture(laptop, companion.url, LAPTOP);
    for (const d of [laptop, phone, tablet]) {
      ids.set(d, (await call(d.page, 'chain.info', undefined)).device);
    }
    for (const d of [laptop, phone, tablet]) {
      await storeReady(d.page);
      await expect.poll(() => texts(d.page), SLOW).toEqual([LAPTOP, BEFORE]);
      await expect.poll(() => authority(d.page, phone), SLOW).toBe(true);
    }
  }, 400_000);

  it('removes the stopped phone through Devices: links closed, every memory kept', async () => {
    await phone.close();
    // Lost means gone: both see it offline first. Removing it while a stale channel still
    // looks up would "tell" it over a dead channel and keep no tombstone (the mesh's unpair).
    const other = await openApp(tablet, companion.url, '/#/devices');
    const page = await openApp(laptop, companion.url, '/#/devices');
    for (const p of [page, other]) {
      await expect.poll(() => status(p, 'Phone'), SLOW).toBe('offline');
    }
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await item(page, 'Phone').getByRole('button', { name: 'Remove device' }).click();
    expect(asked).toContain('Remove Phone from your devices?');
    await expect.poll(() => item(page, 'Phone').count(), SLOW).toBe(0);
    // The tablet learns of the removal through the chain and closes the phone's link too.
    await expect.poll(() => authority(other, phone), SLOW).toBe(false);
    await expect.poll(() => item(other, 'Phone').count(), SLOW).toBe(0);
    for (const p of [page, other]) {
      expect(await authority(p, laptop)).toBe(true);
      expect(await authority(p, tablet)).toBe(true);
      expect(await texts(p)).toEqual([LAPTOP, BEFORE]);
    }
  }, 300_000);

  it('tells the phone when it is back; its next write reaches nobody, and it keeps its data', async () => {
    await phone.reopen();
    await capture(phone, companion.url, AFTER);
    const page = await openApp(phone, companion.url, '/#/devices');
    await expect
      .poll(() => page.getByRole('status', { name: 'Notices' }).textContent(), SLOW)
      .toContain('Removed from your devices');
    await expect.poll(() => item(page, 'Laptop').count(), SLOW).toBe(0);
    await expect.poll(() => item(page, 'Tablet').count(), SLOW).toBe(0);
    expect(await texts(page)).toEqual([LAPTOP, AFTER, BEFORE]);
    // Being removed lasts: after a reload with the companion away (so no device can tell it
    // again), the phone still says so.
    await companion.stop();
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    await expect
      .poll(() => page.getByRole('status', { name: 'Notices' }).textContent(), SLOW)
      .toContain('Removed from your devices');
    await companion.restart();
    // The others heard from the phone (they told it) and still hold exactly what they had.
    for (const d of [laptop, tablet]) {
      const p = await openApp(d, companion.url, '/#/memories');
      await storeReady(p);
      expect(await texts(p)).toEqual([LAPTOP, BEFORE]);
      expect(await authority(p, phone)).toBe(false);
    }
  }, 300_000);
});
