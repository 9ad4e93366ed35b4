/**
 * Storage figures (issue [storage], item 8): inserting 10k memories, saving one, a point read, FTS
 * queries of several kinds and a list window at 100k memories — our store (the app's store
 * client → RPC → store worker → SQLite/FTS5 on OPFS) beside the same operations on Dexie in the
 * same page, in one run. The in-page half is bench/pages/storage-bench.ts, bundled here with Vite
 * and served beside a copy of dist/ by the real companion. The browser has an on-disk profile
 * (a persistent context): an incognito context would keep IndexedDB and OPFS in memory.
 */
import type { Page } from 'playwright-core';
import { importBenchPage, pageApi, withBenchPage } from '../bench-page.ts';
import type { Area, Figure } from '../figure.ts';
import type { QueryKind, QuerySet } from '../pages/queries.ts';
import type { Samples, StorageBenchApi } from '../pages/storage-bench.ts';

const SEED = 20_261_126;
const TOTAL = 100_000;
const INSERT = { reps: 3, count: 10_000, batch: 500 };
/** Seeding to TOTAL uses larger batches: it is set-up, not a figure. */
const SEED_BATCH = 1_000;
const N = { putOne: 100, get: 2_000, list: 200, search: 100, scan: 5 };

const step = pageApi<StorageBenchApi>('kianaBench');

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
  await importBenchPage(page, 'storage-bench');
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
  run: () => withBenchPage('storage-bench', measure),
};
