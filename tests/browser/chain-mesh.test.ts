/**
 * The chain over the real mesh: three separate Chromium processes through the real companion,
 * paired through the UI as `My device`s. Sync runs by itself (src/platform/chain-sync-glue.ts):
 * no test code carries bytes. A memory saved on one device shows up on the others while they are
 * connected; each device writes while the others' processes are stopped (profiles kept); once all
 * are back, every device's Memories list shows the same memories.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCompanion, type CompanionProcess } from './companion-process.ts';
import { launchDevice, openApp, type Device } from './devices.ts';
import { capture } from './capture-ui.ts';
import { item, pairThroughLink, rename } from './pairing-ui.ts';
import { call } from './storage-rpc.ts';

let companion: CompanionProcess;
let devices: Device[] = [];
const SLOW = { timeout: 90_000, interval: 500 };

beforeAll(async () => {
  companion = await startCompanion({ args: ['--stun-port', '0'] });
  devices = await Promise.all(
    ['Laptop', 'Phone', 'Tablet'].map((name) => launchDevice({ name: name.toLowerCase() })),
  );
  for (const d of devices) await rename(d, companion.url, title(d));
}, 180_000);

afterAll(async () => {
  await Promise.all(devices.map((d) => d.dispose()));
  await companion.stop();
});

const title = (d: Device): string => d.name.charAt(0).toUpperCase() + d.name.slice(1);

/** Pairs two of the devices as My devices through the UI. */
function pair(inviter: Device, joiner: Device): Promise<void> {
  return pairThroughLink(
    companion.url,
    { device: inviter, name: title(inviter) },
    { device: joiner, name: title(joiner) },
  );
}

/** The texts among `expected` that the Memories list shows, and how many rows it has. */
async function listed(page: Page, expected: readonly string[]): Promise<string> {
  const rows = page.getByRole('list', { name: 'Memories' }).locator(':scope > li');
  const texts = await rows.allTextContents();
  const found = expected.filter((t) => texts.some((row) => row.includes(t)));
  return `${texts.length} rows: ${found.join(' | ')}`;
}

const everything = (expected: readonly string[]): string =>
  `${expected.length} rows: ${expected.join(' | ')}`;

async function heads(): Promise<Set<string | null>> {
  const infos = await Promise.all(devices.map((d) => call(d.page, 'chain.info', undefined)));
  return new Set(infos.map((i) => i.head));
}

describe('the chain over the mesh', () => {
  it('pairing My devices joins them into one chain with three authorities', async () => {
    const [laptop, phone, tablet] = devices as [Device, Device, Device];
    await pair(laptop, phone);
    await pair(laptop, tablet);
    await pair(phone, tablet);
    await expect.poll(async () => (await heads()).size, SLOW).toBe(1);
    for (const d of devices) {
      const info = await call(d.page, 'chain.info', undefined);
      expect(info.authorities.filter((a) => a.active)).toHaveLength(3);
    }
    // The Devices list shows that each peer is in sync (its chain height kept for diagnosis).
    const page = await openApp(laptop, companion.url, '/#/devices');
    const height = (await call(page, 'chain.info', undefined)).height;
    for (const name of ['Phone', 'Tablet']) {
      await expect
        .poll(() => item(page, name).locator('[data-sync]').getAttribute('data-sync'), SLOW)
        .toBe('synced');
      await expect
        .poll(
          () => item(page, name).locator('[data-chain-height]').getAttribute('data-chain-height'),
          SLOW,
        )
        .toBe(String(height));
    }
    // Said plainly, not as chain jargon.
    expect(await item(page, 'Phone').textContent()).toContain('all memories in sync');
  }, 400_000);

  it('a memory saved on one device appears on the others while connected', async () => {
    const [laptop, phone, tablet] = devices as [Device, Device, Device];
    const text = 'Connected: the spare key is under the blue pot';
    const pages = [
      await openApp(phone, companion.url, '/#/memories'),
      await openApp(tablet, companion.url, '/#/memories'),
    ];
    await capture(laptop, companion.url, text);
    // The lists are already open: the memory arrives without a reload.
    for (const page of pages) {
      await expect.poll(() => listed(page, [text]), SLOW).toBe(everything([text]));
    }
  }, 300_000);

  it('each writes while the others are stopped; all come back and show the same memories', async () => {
    const [laptop, phone, tablet] = devices as [Device, Device, Device];
    await Promise.all(devices.map((d) => d.close()));
    const written: string[] = ['Connected: the spare key is under the blue pot'];
    // One at a time: each device runs alone, so no write can travel before all are back.
    for (const d of devices) {
      await d.reopen();
      const text = `Apart on ${title(d)}: ${d.name} remembers this alone`;
      await capture(d, companion.url, text);
      written.push(text);
      // The others stay stopped: nothing of this device's write has reached them.
      expect(devices.filter((o) => o !== d).every((o) => o.page.isClosed())).toBe(true);
      await d.close();
    }
    for (const d of [tablet, laptop, phone]) await d.reopen();
    const pages = await Promise.all(devices.map((d) => openApp(d, companion.url, '/#/memories')));
    for (const page of pages) {
      await expect
        .poll(() => listed(page, written), { timeout: 180_000, interval: 1000 })
        .toBe(everything(written));
    }
    await expect.poll(async () => (await heads()).size, SLOW).toBe(1);
  }, 600_000);
});
