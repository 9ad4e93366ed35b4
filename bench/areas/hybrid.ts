/**
 * End-to-end hybrid search at 100k memories (issue [embeddings], item 7), part of the `search`
 * area: the real app in Chromium, 100k memories each with a stored 384-d vector (seeded clustered
 * vectors, written through `vectors.put`: no model runs), `memories.hybridSearch` (FTS5 BM25 +
 * vector index + RRF through the store worker's RPC) beside keyword-only `memories.search` in the
 * same run. The in-page half is bench/pages/hybrid-bench.ts.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { ROOT, startCompanion } from '../../tests/browser/companion-process.ts';
import { launchDevice, openApp } from '../../tests/browser/devices.ts';
import type { Area, Figure } from '../figure.ts';
import type { HybridBenchApi } from '../pages/hybrid-bench.ts';

const SEED = 20_261_127;
const TOTAL = 100_000;
const BATCH = 1_000;
const QUERIES = 100;

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
        entry: join(ROOT, 'bench/pages/hybrid-bench.ts'),
        formats: ['es'],
        fileName: () => 'hybrid-bench.js',
      },
    },
  });
}

/** Calls `kianaHybrid[name](...args)` in the page (a string: tsx would inject `__name`). */
async function step<K extends keyof HybridBenchApi>(
  page: Page,
  name: K,
  ...args: Parameters<HybridBenchApi[K]>
): Promise<Awaited<ReturnType<HybridBenchApi[K]>>> {
  const call = `kianaHybrid.${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`;
  return page.evaluate<Awaited<ReturnType<HybridBenchApi[K]>>>(call);
}

async function measure(page: Page): Promise<Figure[]> {
  await page.evaluate(`import('/bench/hybrid-bench.js').then(() => true)`);
  const { count } = await step(page, 'init', SEED);
  if (count !== 0) throw new Error(`the store is not empty (${count} memories)`);
  const spent = await step(page, 'fill', TOTAL, BATCH);
  console.log(
    `  filled ${TOTAL}: texts ${(spent.texts / 1000).toFixed(1)} s, vectors ${(spent.vectors / 1000).toFixed(1)} s`,
  );
  const { first, meaningHits, ...samples } = await step(page, 'measure', QUERIES);
  console.log(
    `  first hybrid query (builds the index from 100k rows): ${first.toFixed(0)} ms; ` +
      `${meaningHits} hits found by meaning over ${QUERIES + 5} queries`,
  );
  if (meaningHits === 0) throw new Error('no hit came from the vector index: not a hybrid figure');
  return [
    {
      id: 'search.hybrid-100k',
      label: `end-to-end hybrid query at 100k memories (memories.hybridSearch via worker RPC: FTS5 + exact vector index 384-d + RRF, top 20)`,
      runtime: 'chromium',
      ...samples,
      baselineLabel: 'keyword-only memories.search (FTS5 BM25, top 20), same store',
    },
  ];
}

async function chromium(): Promise<Figure[]> {
  const dist = await mkdtemp(join(tmpdir(), 'kiana-bench-dist-'));
  await cp(join(ROOT, 'dist'), dist, { recursive: true });
  await buildPage(join(dist, 'bench'));
  const companion = await startCompanion({ dist });
  const device = await launchDevice({ name: 'bench-hybrid', guarded: false });
  try {
    await openApp(device, companion.url);
    return await measure(device.page);
  } finally {
    await device.dispose();
    await companion.stop();
    await rm(dist, { recursive: true, force: true });
  }
}

export const hybridArea: Area = { name: 'search', part: 'hybrid', run: chromium };
