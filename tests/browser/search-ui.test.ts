/**
 * The Search view as a person uses it: search as you type over FTS5 in the real store, umlauts
 * without umlauts (and "mueller", "strasse"), phrases and prefixes, BM25 order, highlights as
 * <mark> built from plain text, and a superseded query dropped in the worker.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { newMemoryId } from '@kiana/shared/ids';
import { openApp } from './devices.ts';
import { useSession } from './session.ts';
import { call, callTest, storeReady } from './storage-rpc.ts';

const session = useSession({ name: 'laptop' });
let page: Page;

const put = (text: string, tags: string[] = []) =>
  call(page, 'memories.put', { id: newMemoryId(), text, source: 'typed', tags });

beforeAll(async () => {
  page = await openApp(session.device, session.companion.url, '/#/search');
  await storeReady(page);
  await put('Rückruf von Frau Müller wegen der Rechnung');
  await put('Müll rausbringen am Dienstag');
  await put('zebra zebra zebra, nothing but zebras on this one');
  await put('Saw a zebra at the zoo, next to the giraffes, the lions and a very loud parrot');
  await put('<b>not bold</b> <img src=x> musterbeispiel');
  await put('Treffen an der Hauptstraße 5');
});

const box = (): Locator => page.getByRole('searchbox', { name: 'Search memories' });
const results = (): Locator => page.getByRole('list', { name: 'Results' });

/** Types `query` and waits until the results (or the "no results" text) belong to it. */
async function search(query: string): Promise<string[]> {
  await box().fill(query);
  await page.waitForFunction((q) => {
    const status = document.querySelector<HTMLElement>('p[data-status]');
    return status?.dataset.status === 'done' && status.dataset.query === q;
  }, query);
  return results().locator(':scope > li p').allTextContents();
}

describe('Search', () => {
  it('finds "Müller" when typing "Muller", highlighted with <mark>', async () => {
    const found = await search('Muller');
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('Rückruf von Frau Müller');
    expect(await results().locator('mark').allTextContents()).toEqual(['Müller']);
  });

  it('finds "Müller" by "mueller" and "Straße" by "strasse" (German spellings)', async () => {
    const found = await search('mueller');
    expect(found).toHaveLength(1);
    expect(await results().locator('mark').allTextContents()).toEqual(['Müller']);
    expect(await search('hauptstrasse')).toEqual([expect.stringContaining('Hauptstraße 5')]);
    expect(await results().locator('mark').allTextContents()).toEqual(['Hauptstraße']);
  });

  it('matches phrases in order only', async () => {
    expect(await search('"frau muller"')).toHaveLength(1);
    await search('"muller frau"');
    expect(await page.getByText('No memories match “"muller frau"”.').count()).toBe(1);
    expect(await results().isVisible()).toBe(false);
  });

  it('matches prefixes (mül*) across words', async () => {
    const found = await search('mül*');
    expect(found).toHaveLength(2);
    expect(await results().locator('mark').allTextContents()).toEqual(
      expect.arrayContaining(['Müll', 'Müller']),
    );
  });

  it('ranks by BM25: the memory about zebras comes first', async () => {
    const found = await search('zebra');
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('nothing but zebras');
    expect(await page.getByRole('status').filter({ hasText: '2 memories found' }).count()).toBe(1);
  });

  it('renders stored markup as text, never as HTML', async () => {
    const found = await search('musterbeispiel');
    expect(found[0]).toContain('<b>not bold</b> <img src=x>');
    expect(await results().locator('b, img').count()).toBe(0);
  });

  it('keeps only the last query while typing fast, and refreshes when memories change', async () => {
    await box().fill('');
    await box().pressSequentially('giraffe', { delay: 30 });
    expect(await search('parrot')).toHaveLength(1);
    expect(await results().locator('mark').allTextContents()).toEqual(['parrot']);
    await put('A parrot that says hello in the morning');
    await page.getByText('2 memories found').waitFor();
  });

  it('a superseded query is cancelled: dropped unrun in the worker, never rendered', async () => {
    await search('musterbeispiel');
    const before = await callTest(page, 'searchCounts', undefined);
    // Every query the results region shows as done, from now on.
    await page.evaluate(() => {
      const seen: string[] = [];
      (globalThis as { kianaSeen?: string[] }).kianaSeen = seen;
      new MutationObserver(() => {
        const status = document.querySelector<HTMLElement>('p[data-status]');
        if (status?.dataset.status === 'done') seen.push(status.dataset.query ?? '');
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    // The store is busy (a held turn), so the first query waits in the worker when the second
    // one replaces it.
    await callTest(page, 'holdTurn', undefined);
    const waiting = async () => (await callTest(page, 'searchCounts', undefined)).waiting;
    await box().fill('zebra');
    await expect.poll(waiting).toBe(before.waiting + 1);
    await box().fill('rechnung');
    await expect.poll(waiting).toBe(before.waiting + 2);
    await callTest(page, 'releaseTurn', undefined);
    expect(await search('rechnung')).toHaveLength(1);
    const after = await callTest(page, 'searchCounts', undefined);
    // A refresh after a late change event (the previous test's save) may run a search of its
    // own meanwhile: which queries ran is the question, not how many searches.
    const ran = after.lastRan.slice(after.lastRan.length - (after.ran - before.ran));
    expect(ran).toContain('rechnung');
    expect(ran).not.toContain('zebra');
    expect(after.dropped - before.dropped).toBeGreaterThanOrEqual(1);
    expect(after.waiting).toBe(before.waiting);
    const seen = await page.evaluate(() => (globalThis as { kianaSeen?: string[] }).kianaSeen);
    expect(seen).not.toContain('zebra');
    expect(seen).toContain('rechnung');
  });

  it('shows the idle hint for an empty box', async () => {
    await box().fill('');
    await page.getByText('Start typing to search.').waitFor();
    expect(await results().isVisible()).toBe(false);
  });

  it('shows a failed search as a translated message', async () => {
    // Longer than the store accepts; the box's maxlength stops typing, not a script.
    await box().evaluate((input: HTMLInputElement) => {
      input.value = 'x'.repeat(1001);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Kiana received a message it could not understand');
    await box().fill('zebra');
    await alert.waitFor({ state: 'detached' });
  });
});
