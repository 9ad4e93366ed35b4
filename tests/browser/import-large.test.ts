/**
 * A large import through Settings › Data, as a person does it: thousands of memories exported by
 * the app itself on another device, picked with the Import button. The bar shows how far it has
 * got, and the store keeps answering searches meanwhile, because the import merges in chunks
 * and lets other calls in between them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newMemoryId } from '@kiana/shared/ids';
import { launchDevice, openApp, type Device } from './devices.ts';
import { useSession } from './session.ts';
import { call, exportBytes, storeReady } from './storage-rpc.ts';

const session = useSession({ name: 'laptop' });
const MEMORIES = 3000;

async function open(path: string, device: Device): Promise<Page> {
  const page = await openApp(device, session.companion.url, path);
  await storeReady(page);
  return page;
}

/** An export of `MEMORIES` memories written on another device. */
async function largeExport(): Promise<string> {
  const other = await launchDevice({ name: 'other' });
  try {
    const page = await open('/#/devices', other);
    for (let start = 0; start < MEMORIES; start += 1000) {
      const items = Array.from({ length: 1000 }, (_, i) => ({
        id: newMemoryId(),
        text: `imported note ${start + i} about the harvest`,
        source: 'typed' as const,
        tags: ['bulk'],
      }));
      await call(page, 'memories.bulkPut', { items }, 120_000);
    }
    const file = join(mkdtempSync(join(tmpdir(), 'kiana-import-large-')), 'large.sqlite');
    writeFileSync(file, await exportBytes(page));
    return file;
  } finally {
    await other.dispose();
  }
}

/**
 * Searches for `query` over and over until the import's progress bar is gone; for each answer,
 * whether the bar still showed an unfinished import at that moment.
 */
function searchWhileImporting(
  page: Page,
  query: string,
): Promise<{ hits: number; during: boolean }[]> {
  return page.evaluate(async (q) => {
    type Client = { call(m: string, a: unknown): Promise<{ hits: unknown[] }> };
    const store = (globalThis as unknown as { kianaStore(): Client }).kianaStore();
    const bar = () =>
      document.querySelector<HTMLProgressElement>('[aria-labelledby="settings-data"] progress');
    const answers: { hits: number; during: boolean }[] = [];
    while (bar()) {
      const { hits } = await store.call('memories.search', { query: q, limit: 5 });
      const now = bar();
      answers.push({ hits: hits.length, during: now !== null && now.value < now.max });
    }
    return answers;
  }, query);
}

describe('Importing a large export', () => {
  it('shows progress while searches keep answering', { timeout: 240_000 }, async () => {
    const file = await largeExport();
    const page = await open('/#/settings', session.device);
    await call(page, 'memories.put', {
      id: newMemoryId(),
      text: 'the local needle',
      source: 'typed',
      tags: [],
    });
    const data = page.getByRole('region', { name: 'Data' });
    const chooser = page.waitForEvent('filechooser');
    await data.getByRole('button', { name: 'Import database' }).click();
    await (await chooser).setFiles(file);

    const progress = data.getByText(/^Importing [\d,]+ of 3,000 memories…/);
    await progress.waitFor();
    const answers = await searchWhileImporting(page, 'needle');
    // Every search found the local memory, and some were answered mid-import.
    expect(answers.every((a) => a.hits === 1)).toBe(true);
    expect(answers.filter((a) => a.during).length).toBeGreaterThan(0);

    await data.getByText(`Imported: ${MEMORIES.toLocaleString('en')} added, 0 updated.`).waitFor();
    expect(await call(page, 'memories.count', {})).toBe(MEMORIES + 1);
    const found = await call(page, 'memories.search', { query: 'harvest', limit: 5 });
    expect(found.hits).toHaveLength(5);
  });
});
