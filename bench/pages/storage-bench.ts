/**
 * In-page half of the storage bench, loaded into the real app page (bench/areas/storage.ts builds
 * it with Vite and serves it beside the app). Ours goes through `kianaStore()`: the app's own
 * store client, RPC and store worker over SQLite on OPFS. The baseline is Dexie on the main
 * thread. Each step interleaves the two sample by sample, so noise from the shared machine hits
 * both alike. Node drives it as `kianaBench.<step>(…)`.
 */
import type { MemoryId } from '@kiana/shared/ids';
import type { StoreClient } from '../../src/platform/store-client.ts';
import { Corpus, seededRandom, type CorpusMemory } from './corpus.ts';
import { DexieBaseline } from './dexie-baseline.ts';
import { batches, timed } from './steps.ts';
import { chooseQueries, type QueryKind, type QuerySet } from './queries.ts';

export interface Samples {
  ours: number[];
  baseline: number[];
}

/** Search results per call: what the app's search view asks for. */
const LIMIT = 50;
/** Samples dropped at the start of each step (JIT, caches, statement preparation). */
const WARMUP = 10;

interface State {
  store: StoreClient;
  dexie: DexieBaseline;
  corpus: Corpus;
  /** Memories stored in both, in order. */
  stored: CorpusMemory[];
  random: () => number;
  queries?: Record<QueryKind, QuerySet>;
}
let state: State | undefined;

function current(): State {
  if (!state) throw new Error('kianaBench.init() first');
  return state;
}

/** Runs `n` + `warmup` rounds of (ours, baseline), alternating which goes first. */
async function interleaved(
  n: number,
  ours: (i: number) => Promise<unknown>,
  baseline: (i: number) => Promise<unknown>,
  warmup = WARMUP,
): Promise<Samples> {
  const samples: Samples = { ours: [], baseline: [] };
  for (let i = 0; i < n + warmup; i++) {
    const a = i % 2 === 0;
    const first = await timed(() => (a ? ours(i) : baseline(i)));
    const second = await timed(() => (a ? baseline(i) : ours(i)));
    if (i < warmup) continue;
    samples.ours.push(a ? first : second);
    samples.baseline.push(a ? second : first);
  }
  return samples;
}

const toPut = (m: CorpusMemory) => ({
  id: m.id as MemoryId,
  text: m.text,
  source: 'typed' as const,
  tags: m.tags,
});

const api = {
  /** Opens both stores (ours: the app's store, which must be empty; Dexie: a fresh database). */
  async init(seed: number): Promise<{ vfs: string; journalMode: string; count: number }> {
    const hook = (globalThis as { kianaStore?: () => StoreClient }).kianaStore;
    if (!hook) throw new Error('no kianaStore() on this page: load the app first');
    const store = hook();
    const stats = await store.call('db.stats', undefined);
    const dexie = await DexieBaseline.open('kiana-bench-dexie');
    const corpus = new Corpus(seed);
    state = { store, dexie, corpus, stored: [], random: seededRandom(seed + 1) };
    return { vfs: stats.vfs, journalMode: stats.journalMode, count: stats.count };
  },

  /** Adds the next `count` memories to both in batches; total ms for each side. */
  async insert(count: number, batch: number, oursFirst: boolean) {
    const s = current();
    const items = s.corpus.take(count);
    const parts = batches(items, batch);
    const ours = async () => {
      for (const part of parts) await s.store.call('memories.bulkPut', { items: part.map(toPut) });
    };
    const baseline = async () => {
      for (const part of parts) await s.dexie.bulkPut(part);
    };
    const result = oursFirst
      ? { ours: await timed(ours), baseline: await timed(baseline) }
      : { baseline: await timed(baseline), ours: await timed(ours) };
    s.stored.push(...items);
    return result;
  },

  /** One memory at a time, each its own transaction: what saving one note costs. */
  async putOne(n: number): Promise<Samples> {
    const s = current();
    const items = s.corpus.take(n + WARMUP);
    s.stored.push(...items);
    return interleaved(
      n,
      (i) => s.store.call('memories.put', toPut(items[i] as CorpusMemory)),
      (i) => s.dexie.put(items[i] as CorpusMemory),
    );
  },

  async get(n: number): Promise<Samples> {
    const s = current();
    const ids = Array.from({ length: n + WARMUP }, () => {
      const m = s.stored[Math.floor(s.random() * s.stored.length)] as CorpusMemory;
      return m.id;
    });
    return interleaved(
      n,
      (i) => s.store.call('memories.get', { id: ids[i] as MemoryId }),
      (i) => s.dexie.get(ids[i] ?? ''),
    );
  },

  async list(n: number): Promise<Samples> {
    const s = current();
    const total = await s.dexie.count();
    const offsets = Array.from({ length: n + WARMUP }, () =>
      Math.floor(s.random() * (total - LIMIT)),
    );
    return interleaved(
      n,
      (i) => s.store.call('memories.list', { offset: offsets[i] ?? 0, limit: LIMIT }),
      (i) => s.dexie.list(offsets[i] ?? 0, LIMIT),
    );
  },

  /** Picks the queries from what is stored; returns them with their match counts. */
  queries(seed: number): Record<QueryKind, QuerySet> {
    const s = current();
    s.queries = chooseQueries(s.stored, seed);
    return s.queries;
  },

  async search(kind: QueryKind, n: number): Promise<Samples> {
    const s = current();
    const { queries } = (s.queries ??= chooseQueries(s.stored, 1))[kind];
    const q = (i: number): string => queries[i % queries.length] ?? '';
    const baseline =
      kind === 'prefix'
        ? (i: number) => s.dexie.prefix(q(i), LIMIT)
        : kind === 'phrase'
          ? (i: number) => s.dexie.phrase(q(i), LIMIT)
          : (i: number) => s.dexie.word(q(i), LIMIT);
    return interleaved(
      n,
      (i) => s.store.call('memories.search', { query: q(i), limit: LIMIT }),
      baseline,
    );
  },

  /** Rare words again, against Dexie without any index (a full scan with `includes`). */
  async scan(n: number): Promise<Samples> {
    const s = current();
    const { queries } = (s.queries ??= chooseQueries(s.stored, 1)).rare;
    const q = (i: number): string => queries[i % queries.length] ?? '';
    return interleaved(
      n,
      (i) => s.store.call('memories.search', { query: q(i), limit: LIMIT }),
      (i) => s.dexie.scan(q(i), LIMIT),
      1, // a scan takes seconds; one round warms up enough
    );
  },

  async stats() {
    const s = current();
    const ours = await s.store.call('db.stats', undefined);
    return { ours, dexieCount: await s.dexie.count(), stored: s.stored.length };
  },
};

export type StorageBenchApi = typeof api;
(globalThis as { kianaBench?: StorageBenchApi }).kianaBench = api;
