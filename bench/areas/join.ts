/**
 * Pairing a new device into a large collection (issue #18 item 10), two Chromium processes
 * through the real companion and the real app: device A holds N memories, imported from a file
 * through Settings › Data with the chain on (the path a person's import takes); device B is new.
 * Measured: from `Allow` on A (pairing confirmed) until B holds all N memories and finds them by
 * a word (FTS), polled through B's store. Baseline, in the same run: a new device importing the
 * very same file itself (Settings › Data › Import), until the same condition holds — the other
 * way a person moves a collection to a new device, over the same app and store.
 *
 * The export file is written once per N (Node, the real StoreService, another device's keys) and
 * kept under `.cache/bench-join/` (KIANA_BENCH_JOIN_REFILL=1 writes it again); every sample fills
 * a new A from it through the UI (not timed), so each pairing meets an A that never saw a B.
 * `KIANA_BENCH_JOIN_SIZES=10000` picks the sizes, `KIANA_BENCH_JOIN_SAMPLES=2` the samples per
 * size. The worker's `[sync] session … (join)` line on B splits the time into apply (validate, in
 * memory) / commit (SQLite) / adopt (blocks written, rows projected with their FTS entries).
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MemoryId } from '@kiana/shared/ids';
import type { Page } from 'playwright-core';
import { startCompanion, type CompanionProcess } from '../../tests/browser/companion-process.ts';
import { launchDevice, openApp, type Device } from '../../tests/browser/devices.ts';
import {
  answerJoiner,
  joinDialog,
  openLink,
  rename as renameDevice,
} from '../../tests/browser/pairing-ui.ts';
import { call, storeReady } from '../../tests/browser/storage-rpc.ts';
import { identityOf, openTestStore } from '../../tests/unit/storage/sqlite-node.ts';
import type { Area, Figure } from '../figure.ts';
import { Corpus } from '../pages/corpus.ts';
import { batches } from '../pages/steps.ts';

const SIZES = (process.env.KIANA_BENCH_JOIN_SIZES ?? '10000,100000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const SAMPLES: Record<number, number> = { 10_000: 3, 100_000: 1 };
const SEED = 18_010;
const CACHE = join(process.cwd(), '.cache', 'bench-join');
/** The word B must find in every memory that has it, as A does (FTS indexed, not only stored). */
const WORD = 'the';

/** An export of the corpus' first `n` memories, written by another device, as the app exports. */
async function exportFile(n: number, file: string): Promise<void> {
  const { store } = await openTestStore(identityOf(9));
  for (const part of batches(new Corpus(SEED).take(n), 1000)) {
    await store.putMany(
      part.map((m) => ({ id: m.id as MemoryId, text: m.text, source: 'typed', tags: m.tags })),
    );
  }
  await writeFile(file, await store.exportBytes());
  await store.close();
}

/** Imports `file` through Settings › Data as a person does; resolves when it is done. */
async function importThroughUi(d: Device, base: string, file: string, n: number): Promise<void> {
  const page = await openApp(d, base, '/#/settings');
  await storeReady(page);
  const data = page.getByRole('region', { name: 'Data' });
  const chooser = page.waitForEvent('filechooser');
  await data.getByRole('button', { name: 'Import database' }).click();
  await (await chooser).setFiles(file);
  const added = new Intl.NumberFormat('en-US').format(n);
  await data.getByText(`Imported: ${added} added, 0 updated.`).waitFor({ timeout: 1_800_000 });
}

/** The export file of `n` memories, written once and kept. */
async function exportOnce(n: number): Promise<string> {
  const dir = join(CACHE, String(n));
  const file = join(dir, 'export.sqlite');
  if (existsSync(file) && process.env.KIANA_BENCH_JOIN_REFILL !== '1') return file;
  await mkdir(dir, { recursive: true });
  console.log(`  join: writing the ${n}-memory file (once) …`);
  await exportFile(n, `${file}.part`);
  await rename(`${file}.part`, file);
  return file;
}

/** A new device A holding the file's memories, imported through Settings (not timed). */
async function filledA(companion: CompanionProcess, file: string, n: number): Promise<Device> {
  const a = await launchDevice({ name: 'laptop', guarded: false });
  await renameDevice(a, companion.url, 'Laptop');
  const t0 = performance.now();
  await importThroughUi(a, companion.url, file, n);
  console.log(`  join ${n}: A imported the file in ${Math.round(performance.now() - t0)} ms`);
  return a;
}

/** `Pair a device` on A and the link it shows (tests' `makeLink` needs vitest's `expect`). */
async function makeLink(d: Device, base: string): Promise<string> {
  const page = await openApp(d, base, '/#/devices');
  await storeReady(page);
  await page.getByRole('button', { name: 'Pair a device' }).click();
  const field = page.getByRole('textbox', { name: 'Pairing link' });
  await page.getByRole('img', { name: 'Pairing QR code' }).waitFor({ timeout: 60_000 });
  for (;;) {
    const link = await field.inputValue();
    if (/#\/devices\/pair\?v=1&s=/.test(link)) return link;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves when `page`'s store holds `n` memories and finds `hits` by `WORD`. */
async function allPresent(page: Page, n: number, hits: number): Promise<void> {
  for (;;) {
    const count = await call(page, 'memories.count', {}, 120_000).catch(() => -1);
    if (count === n) {
      const found = await call(page, 'memories.search', { query: WORD, limit: 1 }, 120_000);
      if (found.total === hits) return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** One sample: a filled A, a new B, paired through the UI; ms from Allow to all present on B. */
async function pairSample(
  companion: CompanionProcess,
  file: string,
  n: number,
): Promise<{ ms: number; hits: number }> {
  const a = await filledA(companion, file, n);
  const b = await launchDevice({ name: 'phone', guarded: false });
  const logs: string[] = [];
  b.page.on('console', (m) => {
    if (/^\[sync\] session .* \(join\)/.test(m.text())) logs.push(m.text());
  });
  try {
    await renameDevice(b, companion.url, 'Phone');
    const link = await makeLink(a, companion.url);
    const dialog = joinDialog(await openLink(b, link));
    await dialog
      .getByRole('heading', { name: 'Pair with Laptop?' })
      .waitFor({ timeout: 90_000 })
      .catch(async (error: unknown) => {
        const seen = await dialog.textContent().catch(() => '(no dialog)');
        throw new Error(`B never asked to pair with Laptop; it shows: ${seen}`, { cause: error });
      });
    await dialog.getByRole('button', { name: 'Pair' }).click();
    // What B must find by the word: what A, holding the same memories, finds.
    const hits = (await call(a.page, 'memories.search', { query: WORD, limit: 1 }, 120_000)).total;
    await answerJoiner(a.page, 'Phone');
    const t0 = performance.now();
    await allPresent(b.page, n, hits);
    const ms = performance.now() - t0;
    // The worker logs its line as the session ends, just before the last poll may see it.
    await new Promise((r) => setTimeout(r, 1000));
    console.log(`  join ${n}: ${Math.round(ms)} ms; ${logs.join(' | ') || 'no [sync] line seen'}`);
    return { ms, hits };
  } finally {
    await a.dispose();
    await b.dispose();
  }
}

/** The baseline: a new device imports the same file itself; ms from choosing it to all present. */
async function importSample(
  companion: CompanionProcess,
  file: string,
  n: number,
  hits: number,
): Promise<number> {
  const b = await launchDevice({ name: 'phone', guarded: false });
  try {
    const page = await openApp(b, companion.url, '/#/settings');
    await storeReady(page);
    const data = page.getByRole('region', { name: 'Data' });
    const chooser = page.waitForEvent('filechooser');
    await data.getByRole('button', { name: 'Import database' }).click();
    const picked = await chooser;
    const t0 = performance.now();
    await picked.setFiles(file);
    await allPresent(page, n, hits);
    return performance.now() - t0;
  } finally {
    await b.dispose();
  }
}

export const joinArea: Area = {
  name: 'join',
  async run(): Promise<Figure[]> {
    const companion = await startCompanion({ args: ['--stun-port', '0'] });
    const figures: Figure[] = [];
    try {
      for (const n of SIZES) {
        const file = await exportOnce(n);
        const ours: number[] = [];
        const baseline: number[] = [];
        const samples = Number(process.env.KIANA_BENCH_JOIN_SAMPLES) || (SAMPLES[n] ?? 1);
        for (let i = 0; i < samples; i++) {
          console.log(`  join ${n}: sample ${i + 1}`);
          const { ms, hits } = await pairSample(companion, file, n);
          ours.push(ms);
          baseline.push(await importSample(companion, file, n, hits));
          console.log(`  join ${n}: import baseline ${Math.round(baseline.at(-1) ?? 0)} ms`);
        }
        const k = `${n / 1000}k`;
        figures.push({
          id: `join.pair-into-${k}`,
          label: `pairing a new device into ${k} memories: Allow → all ${k} present and found by a word on the new device (two processes, companion, chain on)`,
          runtime: 'chromium',
          ours,
          baselineLabel: `the new device importing the same ${k} export file itself (Settings › Data), to the same condition`,
          baseline,
          ...(n === 100_000 ? { goal: '≤ 60 s' } : {}),
        });
      }
      return figures;
    } finally {
      await companion.stop();
    }
  },
};
