/**
 * Ten thousand memories imported through Settings › Data, as a person does it, with the chain on:
 * the bar shows progress, every memory is there, word for word, after a reload, and the blocks the
 * import sealed are valid for a peer — a phone paired afterwards receives all ten thousand.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchDevice, openApp, type Device } from './devices.ts';
import { pairThroughLink, rename } from './pairing-ui.ts';
import { useSession } from './session.ts';
import { call, exportBytes, storeReady } from './storage-rpc.ts';

const MEMORIES = 10_000;
const session = useSession({ name: 'laptop' }, { args: ['--stun-port', '0'] });

async function open(d: Device, path: string): Promise<Page> {
  const page = await openApp(d, session.companion.url, path);
  await storeReady(page);
  return page;
}

/** The memory number `n` of the export: its id, text and tags. */
function memory(n: number) {
  return {
    id: `bulk-${n.toString(36).padStart(4, '0')}`,
    text: `Notiz ${n}: Müller bringt ${n % 97} Äpfel zur Ernte, „${n * 7}“ 🍎`,
    source: 'typed' as const,
    tags: n % 3 === 0 ? ['ernte', `t${n % 11}`] : [],
  };
}

/** id → "text [tags]" of every memory the device shows, read through the store in pages. */
async function everything(page: Page): Promise<Map<string, string>> {
  const all = new Map<string, string>();
  for (let offset = 0; ; offset += 500) {
    const { rows } = await call(page, 'memories.list', { offset, limit: 500 }, 60_000);
    for (const m of rows) all.set(m.id, `${m.text} [${m.tags.join(',')}]`);
    if (rows.length < 500) return all;
  }
}

const expected = new Map(
  Array.from({ length: MEMORIES }, (_, n) => {
    const m = memory(n);
    return [m.id, `${m.text} [${m.tags.join(',')}]`] as const;
  }),
);

/** An export of the `MEMORIES` memories, written on another device. */
async function exportOf10k(): Promise<string> {
  const other = await launchDevice({ name: 'other' });
  try {
    const page = await open(other, '/#/devices');
    for (let start = 0; start < MEMORIES; start += 1000) {
      const items = Array.from({ length: 1000 }, (_, i) => memory(start + i));
      await call(page, 'memories.bulkPut', { items }, 120_000);
    }
    const file = join(mkdtempSync(join(tmpdir(), 'kiana-import-10k-')), '10k.sqlite');
    writeFileSync(file, await exportBytes(page));
    return file;
  } finally {
    await other.dispose();
  }
}

describe('Importing 10,000 memories with the chain on', () => {
  it(
    'shows progress, keeps all of them intact over a reload, and a paired phone gets them all',
    { timeout: 600_000 },
    async () => {
      const file = await exportOf10k();
      const laptop = session.device;
      await rename(laptop, session.companion.url, 'Laptop');
      const page = await open(laptop, '/#/settings');
      const data = page.getByRole('region', { name: 'Data' });
      const chooser = page.waitForEvent('filechooser');
      await data.getByRole('button', { name: 'Import database' }).click();
      await (await chooser).setFiles(file);

      // Progress part-way: a count above zero and below the total, as the bar moves on.
      const progress = data.getByText(/^Importing ([\d,]+) of 10,000 memories…/);
      await expect
        .poll(
          async () => {
            const text = (await progress.textContent({ timeout: 60_000 })) ?? '';
            return Number(/Importing ([\d,]+)/.exec(text)?.[1]?.replaceAll(',', '') ?? 0);
          },
          { timeout: 120_000, interval: 100 },
        )
        .toBeGreaterThan(0);
      expect(await data.locator('progress').count()).toBe(1);
      await data.getByText('Imported: 10,000 added, 0 updated.').waitFor({ timeout: 300_000 });

      await page.reload();
      await storeReady(page);
      expect(await call(page, 'memories.count', {})).toBe(MEMORIES);
      expect(await everything(page)).toEqual(expected);
      const chain = await call(page, 'chain.info', undefined);
      // One block per import chunk, not one per memory.
      expect(chain.height).toBeLessThan(MEMORIES / 100);

      const phone = await launchDevice({ name: 'phone' });
      try {
        await rename(phone, session.companion.url, 'Phone');
        await open(phone, '/');
        await open(laptop, '/');
        await pairThroughLink(
          session.companion.url,
          { device: laptop, name: 'Laptop' },
          { device: phone, name: 'Phone' },
        );
        const count = () => call(phone.page, 'memories.count', {});
        await expect.poll(count, { timeout: 300_000, interval: 2000 }).toBe(MEMORIES);
        expect(await everything(phone.page)).toEqual(expected);
      } finally {
        await phone.dispose();
      }
    },
  );
});
