/**
 * Numbers as German writes them (issue 19, defect 12) in a browser whose language is German:
 * counts with a thousands dot ("1.234"), sizes and durations with a decimal comma ("1,2 MB",
 * "0,4 s"), read from what the Memories, Search and Settings views render — never "1,234" or
 * "0.4".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { newMemoryId } from '@kiana/shared/ids';
import { openApp } from './devices.ts';
import { goTo } from './pairing-ui.ts';
import { useSession } from './session.ts';
import { call, storeReady } from './storage-rpc.ts';

const session = useSession(
  { name: 'german', locale: 'de-DE', viewport: { width: 1280, height: 800 } },
  { args: ['--models', 'test'] },
);
const SLOW = { timeout: 60_000, interval: 250 };
/** More than a thousand, so the count needs a group separator. */
const COUNT = 1234;
let page: Page;

/** A decimal point followed by one or two digits: English, never German (groups have three). */
const ENGLISH_DECIMAL = /\d\.\d{1,2}(?!\d)/;
/** A comma before three digits and no more: an English thousands separator. */
const ENGLISH_GROUP = /\d,\d{3}(?!\d)/;

/** The value beside `label` in a Settings list. */
const valueOf = (region: Locator, label: string): Locator =>
  region.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');

const UNITS: Record<string, number> = { Byte: 1, kB: 1e3, MB: 1e6, GB: 1e9 };

/** Reads "1.234,5 kB" the German way: dots group, the comma is the decimal sign. */
function germanBytes(text: string): number {
  const match = /^(\d{1,3}(?:\.\d{3})*(?:,\d+)?)\s(Byte|kB|MB|GB)$/u.exec(text.trim());
  if (match === null) throw new Error(`not a German size: ${text}`);
  const [, number = '', unit = ''] = match;
  return Number(number.replaceAll('.', '').replace(',', '.')) * (UNITS[unit] ?? NaN);
}

beforeAll(async () => {
  page = await openApp(session.device, session.companion.url, '/#/memories');
  await storeReady(page);
  for (let start = 0; start < COUNT; start += 500) {
    const items = Array.from({ length: Math.min(500, COUNT - start) }, (_, i) => ({
      id: newMemoryId(),
      text: `Einkaufsliste Nummer ${start + i}: Brot, Käse und Äpfel`,
      source: 'typed' as const,
      tags: [],
    }));
    await call(page, 'memories.bulkPut', { items }, 120_000);
  }
});

describe('numbers in German', () => {
  it('counts memories with a thousands dot in Memories and Search', async () => {
    await openApp(session.device, session.companion.url, '/#/memories');
    const lede = page.locator('main .lede').first();
    await expect.poll(() => lede.textContent(), SLOW).toBe('1.234 Erinnerungen');

    await goTo(page, 'Suche');
    await page.getByRole('searchbox', { name: 'Erinnerungen durchsuchen' }).fill('Einkaufsliste');
    const summary = page.locator('main [role="status"][data-status]');
    await expect.poll(() => summary.textContent(), SLOW).toContain('1.234 Erinnerungen gefunden');
    const main = page.locator('main');
    await expect.poll(() => main.textContent(), SLOW).toMatch(/\d+ von 1\.234 angezeigt/);
    expect(await main.textContent()).not.toMatch(ENGLISH_GROUP);
  }, 180_000);

  it('writes sizes, counts and the model’s load time the German way in Settings', async () => {
    await goTo(page, 'Einstellungen');
    const data = page.getByRole('region', { name: 'Daten' });
    await expect.poll(() => valueOf(data, 'Erinnerungen').textContent(), SLOW).toBe('1.234');
    // The size on screen, read the German way, is the database's real size (rounded).
    const shown = germanBytes((await valueOf(data, 'Größe der Datenbank').textContent()) ?? '');
    const { fileSize } = await call(page, 'db.stats', undefined);
    expect(Math.abs(shown - fileSize) / fileSize).toBeLessThan(0.1);

    const storage = page.getByRole('region', { name: 'Speicher' });
    await expect
      .poll(() => valueOf(storage, 'Belegt').textContent(), SLOW)
      .toMatch(/\s(kB|MB|GB)$/);
    const used = germanBytes((await valueOf(storage, 'Belegt').textContent()) ?? '');
    const { usage } = await page.evaluate(() => navigator.storage.estimate());
    // Usage moves while the store writes; the order of magnitude must match.
    expect(used / (usage ?? 1)).toBeGreaterThan(0.5);
    expect(used / (usage ?? 1)).toBeLessThan(2);

    // Download the test model: where it runs and how long it took to load, "0,4 s".
    const models = page.getByRole('region', { name: 'Modelle' });
    await models.getByRole('button', { name: 'Herunterladen' }).first().click();
    const engine = page.getByTestId('engine');
    await expect.poll(() => engine.textContent(), SLOW).toMatch(/in \d+,\d s geladen\.$/);

    // Every value cell of the sections that show numbers, and every model's size.
    const values = [
      ...(await page
        .getByRole('region', { name: /^(Daten|Speicher|Kette)$/ })
        .locator('dd')
        .allTextContents()),
      ...(await valueOf(models, 'Größe').allTextContents()),
      (await engine.textContent()) ?? '',
    ];
    expect(values.length).toBeGreaterThan(6);
    for (const value of values) {
      expect(value).not.toMatch(ENGLISH_DECIMAL);
      expect(value).not.toMatch(ENGLISH_GROUP);
    }
  }, 240_000);
});
