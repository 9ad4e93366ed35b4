/**
 * Everyday use on a 390 × 844 phone (issue 19): memories whole on a small screen (origin, tags,
 * one scroll container, the full text on demand), tags that fade only when cut, search that
 * says how many hits there are and loads the rest as the list scrolls, results that open (with
 * Edit and Delete) by touch and by keyboard, and a Messages view that says what it is and, with
 * nobody paired yet, where to pair.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { newMemoryId, type MemoryId } from '@kiana/shared/ids';
import { openApp } from './devices.ts';
import { useSession } from './session.ts';
import { call, storeReady } from './storage-rpc.ts';

const session = useSession({ name: 'phone', mobile: true, viewport: { width: 390, height: 844 } });
let page: Page;

const LONG = `Call Frau Müller about the invoice. ${'She asked for the numbers of the last quarter. '.repeat(6)}The end.`;

const put = async (text: string, tags: string[] = []): Promise<MemoryId> =>
  (await call(page, 'memories.put', { id: newMemoryId(), text, source: 'typed', tags })).id;

beforeAll(async () => {
  page = await openApp(session.device, session.companion.url, '/#/memories');
  await storeReady(page);
  await call(page, 'memories.bulkPut', {
    items: Array.from({ length: 120 }, (_, i) => ({
      id: newMemoryId(),
      text: `Pelican sighting number ${i}`,
      source: 'typed' as const,
      tags: [],
    })),
  });
  await put(LONG, ['work', 'calls']);
});

const memoriesList = (): Locator => page.getByRole('list', { name: 'Memories' });
const row = (text: string): Locator =>
  memoriesList().locator(':scope > li').filter({ hasText: text });

/** Whether `el` shows all of its content (nothing cut off sideways). */
const whole = (el: Locator): Promise<boolean> =>
  el.evaluate((e) => e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().width > 0);

describe('Memories on a phone', () => {
  it('shows origin and tags whole, scrolls in one container, and opens the full text', async () => {
    await page.goto(`${session.companion.url}/#/memories`);
    const mine = row('Call Frau Müller');
    await mine.waitFor();
    expect(await whole(mine.locator('.origin'))).toBe(true);
    expect(await mine.locator('.origin').textContent()).toBe('this device');
    const tags = mine.getByRole('list', { name: 'Tags' });
    expect(await tags.getByRole('listitem').allTextContents()).toEqual(['work', 'calls']);
    expect(await whole(tags)).toBe(true);
    // Two short tags with room to spare: no fade on the last one.
    expect(await tags.evaluate((e) => getComputedStyle(e).maskImage)).toBe('none');

    // The list scrolls; the page around it does not.
    const scroller = memoriesList().locator('xpath=..');
    expect(await scroller.evaluate((e) => e.scrollHeight > e.clientHeight)).toBe(true);
    expect(
      await page.evaluate(
        () => document.documentElement.scrollHeight <= document.documentElement.clientHeight,
      ),
    ).toBe(true);

    // Tapping the text opens the memory whole, with Edit and Delete.
    await mine.getByRole('button', { name: /^Call Frau Müller/ }).tap();
    const dialog = page.getByRole('dialog', { name: 'Memory' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('The end.');
    await dialog.getByRole('button', { name: 'Edit' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).tap();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('fades the tags only when they do not fit', async () => {
    const text = 'A memory with many long tags';
    await put(text, ['a-rather-long-tag-one', 'a-rather-long-tag-two', 'a-rather-long-tag-three']);
    const tags = row(text).getByRole('list', { name: 'Tags' });
    await tags.waitFor();
    await expect.poll(() => tags.evaluate((e) => getComputedStyle(e).maskImage)).not.toBe('none');
  });
});

describe('Search on a phone', () => {
  const box = (): Locator => page.getByRole('searchbox', { name: 'Search memories' });
  const results = (): Locator => page.getByRole('list', { name: 'Results' }).locator(':scope > li');

  async function search(query: string): Promise<void> {
    await box().fill(query);
    await page.waitForFunction((q) => {
      const status = document.querySelector<HTMLElement>('p[data-status]');
      return status?.dataset.status === 'done' && status.dataset.query === q;
    }, query);
  }

  it('says how many hits there are and loads more as the list scrolls', async () => {
    await page.goto(`${session.companion.url}/#/search`);
    await search('pelican');
    await page.getByRole('status').filter({ hasText: '120 memories found' }).waitFor();
    expect(await results().count()).toBe(50);
    for (let shown = 50; shown < 120;) {
      // Counted before scrolling: the next page may arrive before a count after it.
      await results().last().scrollIntoViewIfNeeded();
      await page.waitForFunction(
        (n) => document.querySelectorAll('ul[aria-label="Results"] > li').length > n,
        shown,
      );
      shown = await results().count();
    }
    expect(await results().count()).toBe(120);
    const texts = await results().locator('p').allTextContents();
    expect(new Set(texts).size).toBe(120);
    expect(await page.getByRole('button', { name: 'Show more' }).count()).toBe(0);
  });

  it('opens a result by keyboard, edits it and deletes it with Undo', async () => {
    const id = await put('Buy a kayak paddle before the summer');
    await search('kayak');
    await box().focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('kayak');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Memory' });
    await dialog.waitFor();

    await dialog.getByRole('button', { name: 'Edit' }).press('Enter');
    const editor = page.getByRole('dialog', { name: 'Edit memory' });
    await editor.getByRole('textbox', { name: 'Text' }).fill('Buy a kayak paddle and a life vest');
    await editor.getByRole('button', { name: 'Save' }).press('Enter');
    await editor.waitFor({ state: 'hidden' });
    await expect.poll(() => dialog.textContent()).toContain('and a life vest');
    expect((await call(page, 'memories.get', { id }))?.text).toBe(
      'Buy a kayak paddle and a life vest',
    );

    await dialog.getByRole('button', { name: 'Delete' }).press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'No memories match' }).waitFor();
    expect(await call(page, 'memories.get', { id })).toBeNull();
    await page.getByRole('button', { name: 'Undo' }).press('Enter');
    await results().filter({ hasText: 'life vest' }).waitFor();
  });
});

describe('Messages', () => {
  it('says what messages are, offers Note to self and says where to pair', async () => {
    await page.goto(`${session.companion.url}/#/messages`);
    const main = page.getByRole('main');
    await expect
      .poll(() => main.textContent(), { timeout: 30_000 })
      .toContain('Pair a device or a contact under Devices');
    const text = await main.textContent();
    expect(text).toContain('End-to-end encrypted');
    expect(
      await page.getByRole('list', { name: 'Conversations' }).getByRole('button').allTextContents(),
    ).toEqual([expect.stringContaining('Note to self')]);
  });
});
