/**
 * Navigation where the hand is (issue 19, "Awkward"): on a 390×844 phone with touch, the views
 * are a bar at the bottom, in one row, with Settings in the top corner, the content kept clear of
 * the bar, and no "Ctrl + Enter" hint (a phone has no such keys); on a 1280×800 laptop the
 * navigation stays a sidebar and the hint is shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startCompanion, type CompanionProcess } from './companion-process.ts';
import { launchDevice, openApp, type Device } from './devices.ts';
import { goTo } from './pairing-ui.ts';
import { SCREENS } from './view-matrix.ts';

let companion: CompanionProcess;
let phone: Device;
let laptop: Device;

beforeAll(async () => {
  companion = await startCompanion();
  phone = await launchDevice({ name: 'phone', ...SCREENS.phone });
  laptop = await launchDevice({ name: 'laptop', ...SCREENS.laptop });
});

afterAll(async () => {
  await Promise.all([phone.dispose(), laptop.dispose()]);
  await companion.stop();
});

/** The app's one navigation landmark ("Main", in German "Haupt"). */
const nav = (page: Page): Locator => page.getByRole('navigation');

/** The navigation's visible links with their boxes, in DOM order. */
async function links(page: Page) {
  const all = await nav(page).getByRole('link').all();
  return Promise.all(
    all.map(async (link) => {
      const box = await link.boundingBox();
      if (box === null) throw new Error('a link is not laid out');
      return { name: (await link.textContent())?.trim() ?? '', box };
    }),
  );
}

/** Whether the shortcut hint is on screen. */
const hintShown = (page: Page): Promise<boolean> =>
  page.getByText(/or press .+ \+ Enter/).isVisible();

describe('navigation on a phone (390×844, touch)', () => {
  it('is one row at the bottom, with Settings in the top corner', async () => {
    const page = await openApp(phone, companion.url, '/#/capture');
    expect(await page.evaluate(() => matchMedia('(hover: none)').matches)).toBe(true);
    const items = await links(page);
    expect(items.map((i) => i.name)).toEqual([
      'Capture',
      'Search',
      'Memories',
      'Devices',
      'Messages',
      'Settings',
    ]);
    const bar = items.slice(0, 5);
    const settings = items[5];
    if (settings === undefined) throw new Error('no Settings link');
    for (const { box } of bar) {
      // The bottom row: ends at the screen's bottom edge, one row high, side by side.
      expect(box.y + box.height).toBeGreaterThan(844 - 16);
      expect(box.y + box.height).toBeLessThanOrEqual(844);
      expect(box.y).toBe(bar[0]?.box.y);
    }
    for (let i = 1; i < bar.length; i++) {
      expect(bar[i]?.box.x).toBeGreaterThan(
        (bar[i - 1]?.box.x ?? 0) + (bar[i - 1]?.box.width ?? 0) - 1,
      );
    }
    // Settings: the top end corner, a 44 px touch target.
    expect(settings.box.y).toBeLessThan(16);
    expect(settings.box.x + settings.box.width).toBeGreaterThan(390 - 16);
    expect(settings.box.width).toBeGreaterThanOrEqual(44);
    expect(settings.box.height).toBeGreaterThanOrEqual(44);
    // Header and bar together keep most of the screen for the view (two rows took ~23 %).
    const header = await page.getByRole('banner').boundingBox();
    const bottom = await nav(page).boundingBox();
    if (header === null || bottom === null) throw new Error('shell not laid out');
    expect((header.height + bottom.height) / 844).toBeLessThan(0.15);
  });

  it('reaches every view from the bar and the corner, and keeps content clear of the bar', async () => {
    const page = await openApp(phone, companion.url, '/#/capture');
    for (const view of ['Search', 'Memories', 'Devices', 'Messages', 'Settings', 'Capture']) {
      await goTo(page, view);
    }
    await goTo(page, 'Settings');
    // Scrolled to the end, the last thing in the view sits above the bar, not under it.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const last = page.locator('main > :last-child');
    const lastBox = await last.boundingBox();
    const barBox = await nav(page).boundingBox();
    if (lastBox === null || barBox === null) throw new Error('not laid out');
    expect(lastBox.y + lastBox.height).toBeLessThanOrEqual(barBox.y);
    // The header stays at the top while the page scrolls.
    expect((await page.getByRole('banner').boundingBox())?.y).toBe(0);
  });

  it('fits every German label on one line, the current view’s too', async () => {
    const page = await openApp(phone, companion.url, '/#/capture');
    // The language through its mirror, as a reload restores it.
    await page.evaluate(() => localStorage.setItem('kiana:language', 'de'));
    await page.reload();
    try {
      for (const view of ['Erinnerungen', 'Nachrichten', 'Einstellungen', 'Erfassen']) {
        await goTo(page, view);
        const lines = await nav(page)
          .getByRole('link')
          .evaluateAll((links) =>
            links
              .filter((a) => a.getBoundingClientRect().bottom > innerHeight / 2)
              .map((a) => {
                const label = a.lastElementChild as HTMLElement;
                const line = parseFloat(getComputedStyle(label).lineHeight);
                return Math.round(label.getBoundingClientRect().height / line);
              }),
          );
        expect(lines, view).toEqual([1, 1, 1, 1, 1]);
      }
    } finally {
      await page.evaluate(() => localStorage.setItem('kiana:language', 'en'));
      await page.reload();
    }
  });

  it('shows no Ctrl + Enter hint on Capture', async () => {
    const page = await openApp(phone, companion.url, '/#/capture');
    await page.getByRole('button', { name: 'Save', exact: true }).waitFor();
    expect(await hintShown(page)).toBe(false);
  });
});

describe('navigation on a laptop (1280×800, mouse)', () => {
  it('is a sidebar listing every view, and Capture shows the Ctrl + Enter hint', async () => {
    const page = await openApp(laptop, companion.url, '/#/capture');
    expect(await page.evaluate(() => matchMedia('(hover: hover)').matches)).toBe(true);
    const items = await links(page);
    expect(items).toHaveLength(6);
    for (const [i, { box }] of items.entries()) {
      // One column at the left, top to bottom, Settings last.
      expect(box.x).toBe(items[0]?.box.x);
      expect(box.x + box.width).toBeLessThan(260);
      if (i > 0) expect(box.y).toBeGreaterThan(items[i - 1]?.box.y ?? 0);
    }
    expect(items[5]?.name).toBe('Settings');
    await page.getByRole('button', { name: 'Save', exact: true }).waitFor();
    expect(await hintShown(page)).toBe(true);
  });
});
