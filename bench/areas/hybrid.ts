/**
 * End-to-end hybrid search at 100k memories (issue [embeddings], item 7), part of the `search`
 * area: the real app in Chromium, 100k memories each with a stored 384-d vector (seeded clustered
 * vectors, written through `vectors.put`: no model runs), `memories.hybridSearch` (FTS5 BM25 +
 * vector index + RRF through the store worker's RPC) beside keyword-only `memories.search` in the
 * same run. The in-page half is bench/pages/hybrid-bench.ts.
 */
import type { Page } from 'playwright-core';
import { importBenchPage, pageApi, withBenchPage } from '../bench-page.ts';
import type { Area, Figure } from '../figure.ts';
import type { HybridBenchApi } from '../pages/hybrid-bench.ts';

const SEED = 20_261_127;
const TOTAL = 100_000;
const BATCH = 1_000;
const QUERIES = 100;

const step = pageApi<HybridBenchApi>('kianaHybrid');

async function measure(page: Page): Promise<Figure[]> {
  await importBenchPage(page, 'hybrid-bench');
  const { count } = await step(page, 'init', SEED);
  if (count !== 0) throw new Error(`the store is not empty (${count} memories)`);
  const spent = await step(page, 'fill', TOTAL, BATCH);
  console.log(
    `  filled ${TOTAL}: texts ${(spent.texts / 1000).toFixed(1)} s, vectors ${(spent.vectors / 1000).toFixed(1)} s`,
  );
  const { first, meaningHits, kind, settleMs, ...samples } = await step(page, 'measure', QUERIES);
  const index = kind === 'hnsw' ? 'graph' : 'exact';
  console.log(`  vector index: ${index}, ready and saved ${(settleMs / 1000).toFixed(1)} s later`);
  console.log(
    `  first hybrid query (builds the index from 100k rows): ${first.toFixed(0)} ms; ` +
      `${meaningHits} hits found by meaning over ${QUERIES + 5} queries`,
  );
  if (meaningHits === 0) throw new Error('no hit came from the vector index: not a hybrid figure');
  // The saved index: written now, then a reload restarts the store worker, whose first hybrid
  // query loads it from SQLite instead of building it from 100k rows.
  await step(page, 'save');
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  await importBenchPage(page, 'hybrid-bench');
  await step(page, 'init', SEED);
  const loaded = await step(page, 'firstAfterOpen');
  console.log(
    `  first hybrid query after a reload (loads the saved index): ${loaded.ms.toFixed(0)} ms`,
  );
  if (loaded.meaningHits === 0) throw new Error('the reloaded index found nothing by meaning');
  // Once more, as the app does it: `vectors.prepare` loads the index after start-up, so the
  // first search finds it ready.
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  await importBenchPage(page, 'hybrid-bench');
  await step(page, 'init', SEED);
  const prepareMs = await step(page, 'prepare');
  const prepared = await step(page, 'firstAfterOpen');
  console.log(
    `  after a reload: vectors.prepare ${prepareMs.toFixed(0)} ms, then the first query ${prepared.ms.toFixed(0)} ms`,
  );
  return [
    {
      id: 'search.hybrid-100k',
      label: `end-to-end hybrid query at 100k memories (memories.hybridSearch via worker RPC: FTS5 + ${index} vector index 384-d + RRF, top 20)`,
      runtime: 'chromium',
      ...samples,
      baselineLabel: 'keyword-only memories.search (FTS5 BM25, top 20), same store',
    },
    {
      id: 'search.hybrid-100k.first-after-prepare',
      label:
        'first hybrid query after a reload at 100k, the index prepared beforehand (one sample)',
      runtime: 'chromium',
      ours: [prepared.ms],
      baselineLabel: 'first hybrid query after a reload, loading the saved index itself',
      baseline: [loaded.ms],
    },
    {
      id: 'search.hybrid-100k.first-after-reload',
      label: 'first hybrid query after a reload at 100k: loads the saved index (one sample)',
      runtime: 'chromium',
      ours: [loaded.ms],
      baselineLabel: 'first hybrid query after filling: builds the index from the rows',
      baseline: [first],
    },
  ];
}

const chromium = (): Promise<Figure[]> => withBenchPage('hybrid-bench', measure);

export const hybridArea: Area = { name: 'search', part: 'hybrid', run: chromium };
