/**
 * The graph index beside the reference implementations (issue [speed], item 4), part `peers` of
 * the `search` area, in Node: our HnswIndex beside hnswlib (native, `hnswlib-node`) and USearch
 * (native, `usearch`) on the bench's clustered 384-d data, and in Chromium beside hnswlib compiled
 * to WebAssembly (`hnswlib-wasm`, bench/pages/graph-peers.ts), with the same graph parameters
 * (M 16, efConstruction 100), one thread each, queries interleaved. Per efSearch each row names
 * the recall@10 of both sides against the exact index, so speed is read at equal recall. The
 * peers are dev dependencies only: nothing of them ships. KIANA_BENCH_PEERS_N sets the size
 * (100k by default: a few minutes on a quiet 2-core machine).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import usearch from 'usearch';
import { ExactIndex } from '../../src/core/search/exact-index.ts';
import { HnswIndex } from '../../src/core/search/hnsw-index.ts';
import { clusteredSource, recall } from '../../tests/unit/search/data.ts';
import { importBenchPage, pageApi, withBenchPage } from '../bench-page.ts';
import type { Area, Figure } from '../figure.ts';
import type { GraphPeersApi } from '../pages/graph-peers.ts';
import { EMBEDDING_LIKE, QUERY_SEED, interleaved, type Samples } from './vectors-common.ts';

const DIMS = EMBEDDING_LIKE.dims;
const M = 16;
const EF_CONSTRUCTION = 100;
const EF_SEARCH = [64, 128, 256, 512];
const GOAL = 'at equal recall, no slower than native hnswlib';

interface Peer {
  readonly name: string;
  /** Ids of the top 10 for query `q` with `ef` candidates. */
  search(q: Float32Array, qArray: number[], ef: number): string[];
}

const id = (n: number | bigint): string => `m${n}`;

function timedOnce(action: () => void): number {
  const started = performance.now();
  action();
  return performance.now() - started;
}

function buildHnswlib(vectors: readonly Float32Array[]): { peer: Peer; ms: number; bytes: number } {
  const index = new hnswlib.HierarchicalNSW('cosine', DIMS);
  const arrays = vectors.map((v) => Array.from(v));
  const ms = timedOnce(() => {
    index.initIndex(vectors.length, M, EF_CONSTRUCTION, 1);
    arrays.forEach((a, i) => index.addPoint(a, i));
  });
  const dir = mkdtempSync(join(tmpdir(), 'kiana-hnswlib-'));
  index.writeIndexSync(join(dir, 'index'));
  const bytes = statSync(join(dir, 'index')).size;
  rmSync(dir, { recursive: true, force: true });
  let ef = -1;
  return {
    ms,
    bytes,
    peer: {
      name: 'hnswlib-node 3.0 (native)',
      search(_q, qArray, wanted) {
        if (ef !== wanted) index.setEf((ef = wanted));
        return index.searchKnn(qArray, 10).neighbors.map(id);
      },
    },
  };
}

function buildUsearch(vectors: readonly Float32Array[]): { peer: Peer; ms: number; bytes: number } {
  const config = (ef: number) =>
    new usearch.Index({
      dimensions: DIMS,
      metric: usearch.MetricKind.Cos,
      quantization: usearch.ScalarKind.F32,
      connectivity: M,
      expansion_add: EF_CONSTRUCTION,
      expansion_search: ef,
      multi: false,
    });
  const built = config(EF_CONSTRUCTION);
  const ms = timedOnce(() => vectors.forEach((v, i) => built.add(BigInt(i), v, 1)));
  // Its JS binding fixes expansion_search at construction: one loaded copy per efSearch.
  const dir = mkdtempSync(join(tmpdir(), 'kiana-usearch-'));
  const file = join(dir, 'index');
  built.save(file);
  const bytes = statSync(file).size;
  const byEf = new Map<number, InstanceType<typeof usearch.Index>>();
  for (const ef of EF_SEARCH) {
    const index = config(ef);
    index.load(file);
    byEf.set(ef, index);
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    ms,
    bytes,
    peer: {
      name: 'usearch 2.26 (native)',
      search(q, _qArray, ef) {
        const index = byEf.get(ef) ?? built;
        return Array.from(index.search(q, 10, 1).keys, id);
      },
    },
  };
}

function row(figure: Omit<Figure, 'runtime'>): Figure {
  return { ...figure, runtime: 'node' };
}

async function peerFigures(): Promise<Figure[]> {
  const count = Number(process.env.KIANA_BENCH_PEERS_N ?? 100_000);
  const size = `${count / 1000}k`;
  const next = clusteredSource(EMBEDDING_LIKE);
  const vectors = Array.from({ length: count }, next);
  const qs = Array.from({ length: 110 }, clusteredSource({ ...EMBEDDING_LIKE, seed: QUERY_SEED }));
  const qArrays = qs.map((q) => Array.from(q));

  const ours = new HnswIndex(DIMS, { m: M, efConstruction: EF_CONSTRUCTION, seed: 1 });
  const oursMs = timedOnce(() => vectors.forEach((v, i) => ours.upsert(id(i), v)));
  console.log(`  peers ${size}: ours built in ${(oursMs / 1000).toFixed(1)} s`);
  const hnsw = buildHnswlib(vectors);
  console.log(`  peers ${size}: hnswlib built in ${(hnsw.ms / 1000).toFixed(1)} s`);
  const us = buildUsearch(vectors);
  console.log(`  peers ${size}: usearch built in ${(us.ms / 1000).toFixed(1)} s`);

  const exact = new ExactIndex(DIMS);
  vectors.forEach((v, i) => exact.upsert(id(i), v));
  const truth = qs.map((q) => exact.search(q, 10));
  const recallOf = (search: (i: number) => string[]): number => {
    const found = qs.map((_, i) =>
      recall(
        search(i).map((h) => ({ id: h })),
        truth[i] ?? [],
      ),
    );
    return found.reduce((a, b) => a + b, 0) / found.length;
  };

  const what = `graph index at ${size} (384-d, clustered; M ${M}, efConstruction ${EF_CONSTRUCTION}, 1 thread)`;
  const figures: Figure[] = [];
  for (const peer of [hnsw, us]) {
    figures.push(
      row({
        id: `search.peers-${size}-build-${peer.peer.name.split(' ')[0]}`,
        label: `${what}: build`,
        ours: [oursMs],
        baselineLabel: peer.peer.name,
        baseline: [peer.ms],
      }),
    );
  }
  const oursBytes = ours.serialize().length;
  for (const peer of [hnsw, us]) {
    figures.push(
      row({
        id: `search.peers-${size}-bytes-${peer.peer.name.split(' ')[0]}`,
        label: `${what}: saved index`,
        unit: 'bytes',
        ours: [oursBytes],
        baselineLabel: peer.peer.name,
        baseline: [peer.bytes],
      }),
    );
  }
  for (const ef of EF_SEARCH) {
    ours.efSearch = ef;
    const oursSearch = (i: number) =>
      ours.search(qs[i % qs.length] ?? new Float32Array(), 10).map((h) => h.id);
    const oursRecall = recallOf(oursSearch);
    for (const { peer } of [hnsw, us]) {
      const peerSearch = (i: number) =>
        peer.search(qs[i % qs.length] ?? new Float32Array(), qArrays[i % qs.length] ?? [], ef);
      const peerRecall = recallOf(peerSearch);
      console.log(
        `  peers ${size} ef ${ef}: recall ours ${oursRecall.toFixed(3)}, ${peer.name} ${peerRecall.toFixed(3)}`,
      );
      const samples: Samples = interleaved(200, 20, oursSearch, peerSearch);
      figures.push(
        row({
          id: `search.peers-${size}-ef${ef}-${peer.name.split(' ')[0]}`,
          label: `${what}: top-10, efSearch ${ef}, recall@10 ours ${oursRecall.toFixed(3)} / theirs ${peerRecall.toFixed(3)}`,
          ...samples,
          baselineLabel: peer.name,
          ...(peer.name.startsWith('hnswlib') ? { goal: GOAL } : {}),
        }),
      );
    }
  }
  return Promise.resolve(figures);
}

const step = pageApi<GraphPeersApi>('kianaGraphPeers');

/** The same comparison in Chromium against hnswlib compiled to WebAssembly. */
function wasmFigures(): Promise<Figure[]> {
  const count = Number(process.env.KIANA_BENCH_PEERS_N ?? 100_000);
  const size = `${count / 1000}k`;
  const theirs = 'hnswlib-wasm 0.8 (WebAssembly, same page)';
  const what = `graph index at ${size} in Chromium (384-d, clustered; M ${M}, efConstruction ${EF_CONSTRUCTION})`;
  return withBenchPage(
    'graph-peers',
    async (page) => {
      await importBenchPage(page, 'graph-peers');
      const built = await step(page, 'build', count, M, EF_CONSTRUCTION);
      console.log(
        `  peers ${size} in Chromium: built ours ${built.ours} ms, hnswlib-wasm ${built.theirs} ms`,
      );
      const figures: Figure[] = [
        {
          id: `search.peers-wasm-${size}-build`,
          label: `${what}: build`,
          runtime: 'chromium',
          ours: [built.ours],
          baselineLabel: theirs,
          baseline: [built.theirs],
        },
      ];
      for (const ef of EF_SEARCH) {
        const { recallOurs, recallTheirs, ...samples } = await step(page, 'search', ef, 200, 20);
        figures.push({
          id: `search.peers-wasm-${size}-ef${ef}`,
          label: `${what}: top-10, efSearch ${ef}, recall@10 ours ${recallOurs.toFixed(3)} / theirs ${recallTheirs.toFixed(3)}`,
          runtime: 'chromium',
          ...samples,
          baselineLabel: theirs,
        });
      }
      return figures;
    },
    {},
    { bypassCSP: true },
  );
}

export const vectorPeersArea: Area = {
  name: 'search',
  part: 'peers',
  async run() {
    return [...(await peerFigures()), ...(await wasmFigures())];
  },
};
