/**
 * Vector index figures (issue [embeddings], item 7), part of the `search` area:
 * - top-10 at 20k × 384 in Node: our exact index beside voy-search and beside a naive JS loop, and
 *   loading the index from its bytes beside voy's deserialize;
 * - top-10 at 100k and 200k in Chromium: ours beside the naive loop (bench/pages/vectors-bench.ts);
 * - the graph index at 1M in Node: build time, query p50 and recall@10 against the exact index.
 * KIANA_BENCH_VECTORS=20k,browser,graph picks parts (all by default). The graph part builds two
 * indexes of KIANA_BENCH_GRAPH_N vectors (1,000,000 by default: over 20 minutes on an idle 2-core
 * machine, about 4 GB of memory; a smaller N gives the same figures at that size).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { ExactIndex } from '../../src/core/search/exact-index.ts';
import { HnswIndex } from '../../src/core/search/hnsw-index.ts';
import { jsKernels } from '../../src/core/search/kernels.ts';
import { ROOT } from '../../tests/browser/companion-process.ts';
import { importBenchPage, pageApi, withBenchPage } from '../bench-page.ts';
import { clusteredSource, recall } from '../../tests/unit/search/data.ts';
import type { Area, Figure } from '../figure.ts';
import type { VectorsBenchApi } from '../pages/vectors-bench.ts';
import { EMBEDDING_LIKE, NaiveScan, QUERY_SEED, interleaved } from './vectors-common.ts';

const DIMS = EMBEDDING_LIKE.dims;
const SHAPE = `${DIMS}-d, clustered`;
const GOAL_VOY = '≥ 10× faster than voy-search';
const GOAL_100K = '≤ 5 ms at 100k';
/** The app's defaults (HnswIndex): the bench measures what ships. */
const GRAPH = { m: 16, efConstruction: 100, seed: 1 };
/** The default efSearch (256) and two wider searches. */
const EF_SEARCH = [256, 512, 768];

function fig(
  id: string,
  label: string,
  runtime: Figure['runtime'],
  samples: { ours: number[]; baseline: number[] },
  baselineLabel: string,
  goal?: string,
): Figure {
  return {
    id: `search.${id}`,
    label,
    runtime,
    ...samples,
    baselineLabel,
    ...(goal === undefined ? {} : { goal }),
  };
}

const queries = (count: number): Float32Array[] =>
  Array.from({ length: count }, clusteredSource({ ...EMBEDDING_LIKE, seed: QUERY_SEED }));

const unit = (v: Float32Array): number[] => {
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return Array.from(v, (x) => x / norm);
};

// --- voy-search, loaded by hand: its package is a bundler-target wasm-bindgen build. ---

interface VoyResource {
  embeddings: { id: string; title: string; url: string; embeddings: number[] }[];
}
interface Voy {
  search(query: Float32Array, k: number): { neighbors: { id: string }[] };
  serialize(): string;
}
interface VoyModule {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  Voy: (new (resource?: VoyResource) => Voy) & { deserialize(text: string): Voy };
}

async function loadVoy(): Promise<VoyModule> {
  const dir = join(ROOT, 'node_modules/voy-search/');
  const bindings = (await import(pathToFileURL(`${dir}voy_search_bg.js`).href)) as VoyModule;
  const wasm = await readFile(`${dir}voy_search_bg.wasm`);
  const { instance } = await WebAssembly.instantiate(wasm, {
    './voy_search_bg.js': bindings as unknown as WebAssembly.ModuleImports,
  });
  bindings.__wbg_set_wasm(instance.exports);
  return bindings;
}

async function node20k(): Promise<Figure[]> {
  const count = 20_000;
  const next = clusteredSource(EMBEDDING_LIKE);
  const vectors = Array.from({ length: count }, next);
  const ours = new ExactIndex(DIMS);
  const naive = new NaiveScan(DIMS, count);
  vectors.forEach((v, i) => {
    ours.upsert(`m${i}`, v);
    naive.add(v);
  });
  const voyModule = await loadVoy();
  let started = performance.now();
  const voy = new voyModule.Voy({
    embeddings: vectors.map((v, i) => ({ id: `m${i}`, title: '', url: '', embeddings: unit(v) })),
  });
  console.log(`  voy-search: built 20k in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const qs = queries(110);
  const unitQs = qs.map((q) => Float32Array.from(unit(q)));
  let agree = 0;
  for (const [i, q] of qs.slice(0, 20).entries()) {
    const want = ours.search(q, 10);
    const got = voy.search(unitQs[i] ?? q, 10).neighbors.map((n) => ({ id: n.id }));
    agree += recall(got, want) / 20;
  }
  console.log(
    `  voy-search top 10 agrees with ours on ${(100 * agree).toFixed(0)} % (exact: 100 %)`,
  );
  const vsVoy = interleaved(
    100,
    10,
    (i) => ours.search(qs[i] ?? new Float32Array(), 10),
    (i) => voy.search(unitQs[i] ?? new Float32Array(), 10),
  );
  const vsNaive = interleaved(
    100,
    10,
    (i) => ours.search(qs[i] ?? new Float32Array(), 10),
    (i) => naive.search(unitQs[i] ?? new Float32Array(), 10),
  );
  // The same index on the plain-JS kernels: what WebAssembly SIMD buys.
  const plain = new ExactIndex(DIMS, { kernels: jsKernels() });
  vectors.forEach((v, i) => plain.upsert(`m${i}`, v));
  const vsPlain = interleaved(
    100,
    10,
    (i) => ours.search(qs[i] ?? new Float32Array(), 10),
    (i) => plain.search(qs[i] ?? new Float32Array(), 10),
  );
  const bytes = ours.serialize();
  started = performance.now();
  const text = voy.serialize();
  console.log(
    `  serialized 20k: ours ${(bytes.length / 2 ** 20).toFixed(1)} MiB binary, voy ${(text.length / 2 ** 20).toFixed(1)} MiB JSON in ${(performance.now() - started).toFixed(0)} ms`,
  );
  const load = interleaved(
    5,
    1,
    () => ExactIndex.load(bytes),
    () => voyModule.Voy.deserialize(text),
  );
  const what = `vector top-10 at 20k (${SHAPE})`;
  const exact = 'exact index: int8 SIMD scan + exact float re-rank';
  return [
    fig('vectors-20k-voy', `${what}, ${exact}`, 'node', vsVoy, 'voy-search 0.6.3', GOAL_VOY),
    fig('vectors-20k-naive', `${what}, ${exact}`, 'node', vsNaive, 'naive JS loop'),
    fig(
      'vectors-20k-simd',
      `${what}, exact index on the WebAssembly SIMD kernels`,
      'node',
      vsPlain,
      'the same index on the JS kernels',
    ),
    fig(
      'vectors-20k-load',
      `load the 20k index from its bytes (${(bytes.length / 2 ** 20).toFixed(0)} MiB)`,
      'node',
      load,
      `voy-search deserialize (${(text.length / 2 ** 20).toFixed(0)} MiB JSON)`,
    ),
  ];
}

const step = pageApi<VectorsBenchApi>('kianaVectors');

async function browserFigures(page: Page): Promise<Figure[]> {
  await importBenchPage(page, 'vectors-bench');
  const { kernels } = await step(page, 'init', 200_000);
  console.log(`  page kernels: ${kernels}`);
  const figures: Figure[] = [];
  for (const count of [100_000, 200_000]) {
    const ms = await step(page, 'fill', count);
    const { agree, ...samples } = await step(page, 'search', 100, 10);
    console.log(`  ${count / 1000}k: filled (ours +${(ms / 1000).toFixed(1)} s), agree ${agree}`);
    figures.push(
      fig(
        `vectors-${count / 1000}k`,
        `vector top-10 at ${count / 1000}k (${SHAPE}), exact index`,
        'chromium',
        samples,
        'naive JS loop',
        count === 100_000 ? GOAL_100K : undefined,
      ),
    );
  }
  return figures;
}

const chromium = (): Promise<Figure[]> => withBenchPage('vectors-bench', browserFigures);

function graphFigures(): Promise<Figure[]> {
  const count = Number(process.env.KIANA_BENCH_GRAPH_N ?? 1_000_000);
  const size = count >= 1e6 ? `${count / 1e6}M` : `${count / 1e3}k`;
  const next = clusteredSource(EMBEDDING_LIKE);
  const graph = new HnswIndex(DIMS, GRAPH);
  const exact = new ExactIndex(DIMS);
  let graphMs = 0;
  let exactMs = 0;
  for (let i = 0; i < count; i++) {
    const v = next();
    let started = performance.now();
    graph.upsert(`m${i}`, v);
    graphMs += performance.now() - started;
    started = performance.now();
    exact.upsert(`m${i}`, v);
    exactMs += performance.now() - started;
    if ((i + 1) % 100_000 === 0) {
      console.log(`  ${size}: ${(i + 1) / 1000}k inserted, graph ${(graphMs / 1000).toFixed(0)} s`);
    }
  }
  const qs = queries(110);
  const truth = qs.map((q) => exact.search(q, 10));
  const figures = [
    fig(
      `vectors-graph-${size}-build`,
      `graph index: build ${size} (${SHAPE}; M ${GRAPH.m}, efConstruction ${GRAPH.efConstruction})`,
      'node',
      { ours: [graphMs], baseline: [exactMs] },
      `exact index: insert ${size}`,
    ),
  ];
  for (const ef of EF_SEARCH) {
    graph.efSearch = ef;
    const found = qs.slice(10).map((q, i) => recall(graph.search(q, 10), truth[i + 10] ?? []));
    const mean = found.reduce((a, b) => a + b, 0) / found.length;
    console.log(`  ${size} efSearch ${ef}: recall@10 ${mean.toFixed(3)}`);
    figures.push(
      fig(
        `vectors-graph-${size}-ef${ef}`,
        `graph index: top-10 at ${size}, efSearch ${ef}: recall@10 ${mean.toFixed(3)}`,
        'node',
        interleaved(
          100,
          10,
          (i) => graph.search(qs[i] ?? new Float32Array(), 10),
          (i) => exact.search(qs[i] ?? new Float32Array(), 10),
        ),
        `exact index at ${size}`,
        '≤ 20 ms, recall@10 ≥ 0.95 at 1M',
      ),
    );
  }
  return Promise.resolve(figures);
}

const PARTS: Record<string, () => Promise<Figure[]>> = {
  '20k': node20k,
  browser: chromium,
  graph: graphFigures,
};

export const vectorsArea: Area = {
  name: 'search',
  part: 'vectors',
  async run() {
    const wanted = (process.env.KIANA_BENCH_VECTORS ?? Object.keys(PARTS).join(',')).split(',');
    const figures: Figure[] = [];
    for (const [name, part] of Object.entries(PARTS)) {
      if (wanted.includes(name)) figures.push(...(await part()));
    }
    return figures;
  },
};
