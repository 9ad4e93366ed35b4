/**
 * Storage figures (issue [storage], item 8): inserting 10k memories, saving one, a point read, FTS
 * queries of several kinds and a list window at 100k memories — our store (the app's store
 * client → RPC → store worker → SQLite/FTS5 on OPFS) beside the same operations on Dexie in the
 * same page, in one run. The in-page half is bench/pages/storage-bench.ts, bundled here with Vite
 * and served beside a copy of dist/ by the real companion. The browser has an on-disk profile
 * (a persistent context): an incognito context would keep IndexedDB and OPFS in memory.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { ROOT, startCompanion } from '../../tests/browser/companion-process.ts';
import { launchDevice, openApp } from '../../tests/browser/devices.ts';
import type { Area, Figure } from '../figure.ts';
import type { QueryKind, QuerySet } from '../pages/queries.ts';
import type { Samples, StorageBenchApi } from '../pages/storage-bench.ts';

const SEED = 20_261_126;
const TOTAL = 100_000;
const INSERT = { reps: 3, count: 10_000, batch: 500 };
/** Seeding to TOTAL uses larger batches: it is set-up, not a figure. */
const SEED_BATCH = 1_000;
const N = { putOne: 100, get: 2_000, list: 200, search: 100, scan: 5 };

/** Bundles the in-page half (with Dexie) into `outDir`, without the app's Vite config. */
async function buildPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: ROOT,
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      lib: {
        entry: join(ROOT, 'bench/pages/storage-bench.ts'),
        formats: ['es'],
        fileName: () => 'storage-bench.js',
      },
    },
  });
}

type Api = StorageBenchApi;

/** Calls `kianaBench[name](...args)` in the page and returns its (JSON) result. */
async function step<K extends keyof Api>(
  page: Page,
  name: K,
  ...args: Parameters<Api[K]>
): Promise<Awaited<ReturnType<Api[K]>>> {
  // A string, not a function: tsx's keepNames would inject a `__name` helper the page lacks.
  const call = `kianaBench.${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`;
  return page.evaluate<Awaited<ReturnType<Api[K]>>>(call);
}

function figure(
  id: string,
  label: string,
  samples: Samples,
  baselineLabel: string,
  goal?: string,
): Figure {
  return {
    id: `storage.${id}`,
    label,
    runtime: 'chromium',
    ours: samples.ours,
    baselineLabel,
    baseline: samples.baseline,
    ...(goal === undefined ? {} : { goal }),
  };
}

const pct = (n: number): string => `${((100 * n) / TOTAL).toFixed(n < TOTAL / 100 ? 2 : 0)} %`;

function describeQueries(queries: Record<QueryKind, QuerySet>): void {
  for (const [kind, set] of Object.entries(queries)) {
    const sorted = [...set.matches].sort((a, b) => a - b);
    const range = `${sorted[0] ?? 0}–${sorted[sorted.length - 1] ?? 0} matches`;
    console.log(`  ${kind}: ${range}, e.g. ${set.queries.slice(0, 4).join(', ')}`);
  }
}

async function measure(page: Page): Promise<Figure[]> {
  await page.evaluate(`import('/bench/storage-bench.js').then(() => true)`);
  const opened = await step(page, 'init', SEED);
  if (opened.count !== 0) throw new Error(`the store is not empty (${opened.count} memories)`);
  console.log(`  store: ${opened.vfs}, journal ${opened.journalMode}`);

  const insert: Samples = { ours: [], baseline: [] };
  for (let r = 0; r < INSERT.reps; r++) {
    const t = await step(page, 'insert', INSERT.count, INSERT.batch, r % 2 === 0);
    insert.ours.push(t.ours);
    insert.baseline.push(t.baseline);
  }
  const seeding = { ours: 0, baseline: 0 };
  for (let n = INSERT.reps * INSERT.count; n < TOTAL; n += INSERT.count) {
    const t = await step(page, 'insert', INSERT.count, SEED_BATCH, n % 2 === 0);
    seeding.ours += t.ours;
    seeding.baseline += t.baseline;
  }
  console.log(
    `  seeded ${TOTAL}: ours ${(seeding.ours / 1000).toFixed(1)} s, Dexie ${(seeding.baseline / 1000).toFixed(1)} s (after the insert figure)`,
  );
  const queries = await step(page, 'queries', SEED);
  describeQueries(queries);
  const veryCommon = Math.min(...queries.veryCommon.matches);

  const at = '100k';
  const goalRead = 'p50 < 1 ms';
  const goalFts = 'p50 < 10 ms at 100k';
  const firstUnranked = 'first 50, unranked';
  const figures = [
    figure(
      'insert-10k',
      `insert 10k memories (memories.bulkPut, ${INSERT.count / INSERT.batch} × ${INSERT.batch} per transaction, via worker RPC; total per 10k)`,
      insert,
      `Dexie bulkPut ${INSERT.count / INSERT.batch} × ${INSERT.batch} (id, created, *words indexes)`,
    ),
    figure(
      'get',
      `point read by id at ${at} (memories.get, includes the worker round trip)`,
      await step(page, 'get', N.get),
      'Dexie get by id on the main thread',
      goalRead,
    ),
    figure(
      'list-window',
      `list window of 50 at a random offset at ${at} (memories.list, newest first)`,
      await step(page, 'list', N.list),
      'Dexie orderBy(created).reverse().offset().limit(50)',
    ),
    figure(
      'fts-rare',
      `FTS rare word (2–5 matches) at ${at}, BM25 top 50 with snippets`,
      await step(page, 'search', 'rare', N.search),
      `Dexie *words equals, ${firstUnranked}`,
      goalFts,
    ),
    figure(
      'fts-common',
      `FTS common word (0.5–2 % of memories) at ${at}`,
      await step(page, 'search', 'common', N.search),
      `Dexie *words equals, ${firstUnranked}`,
      goalFts,
    ),
    figure(
      'fts-very-common',
      `FTS very common word (top 5, each in ≥ ${pct(veryCommon)} of memories) at ${at}`,
      await step(page, 'search', 'veryCommon', N.search),
      `Dexie *words equals, ${firstUnranked}`,
      goalFts,
    ),
    figure(
      'fts-prefix',
      `FTS prefix, 4 letters + * (search-as-you-type) at ${at}`,
      await step(page, 'search', 'prefix', N.search),
      `Dexie *words startsWith, distinct, ${firstUnranked}`,
      goalFts,
    ),
    figure(
      'fts-phrase',
      `FTS two-word phrase at ${at}`,
      await step(page, 'search', 'phrase', N.search),
      `Dexie *words on the first word + substring filter, ${firstUnranked}`,
      goalFts,
    ),
    figure(
      'fts-rare-vs-scan',
      `FTS rare word at ${at} (again, beside a scan)`,
      await step(page, 'scan', N.scan),
      'Dexie without an index: full scan, text includes',
    ),
    // Last, so the memories it adds do not change the 100k the other figures read.
    figure(
      'put-one',
      `save one memory at ${at} (memories.put, own transaction, via worker RPC)`,
      await step(page, 'putOne', N.putOne),
      'Dexie put (own transaction, main thread)',
    ),
  ];
  const stats = await step(page, 'stats');
  console.log(
    `  after: ours ${stats.ours.count} memories, ${(stats.ours.fileSize / 2 ** 20).toFixed(0)} MiB; Dexie ${stats.dexieCount}`,
  );
  return figures;
}

export const storageArea: Area = {
  name: 'storage',
  async run() {
    const dist = await mkdtemp(join(tmpdir(), 'kiana-bench-dist-'));
    await cp(join(ROOT, 'dist'), dist, { recursive: true });
    await buildPage(join(dist, 'bench'));
    const companion = await startCompanion({ dist });
    const device = await launchDevice({ name: 'bench-storage', guarded: false });
    try {
      await openApp(device, companion.url);
      return await measure(device.page);
    } finally {
      await device.dispose();
      await companion.stop();
      await rm(dist, { recursive: true, force: true });
    }
  },
};
