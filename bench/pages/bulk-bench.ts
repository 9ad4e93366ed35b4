/**
 * In-page half of the bulk-write bench (bench/areas/bulk.ts): 10k memories added with
 * `memories.bulkPut` or merged from an exported file with `db.import` — through the app's store
 * client, RPC and store worker, every memory a signed chain transaction — beside Dexie's
 * `bulkPut` of the same memories on the main thread. Each rep runs both, in alternating order.
 */
import type { MemoryId } from '@kiana/shared/ids';
import type { StoreClient } from '../../src/platform/store-client.ts';
import { Corpus, type CorpusMemory } from './corpus.ts';
import { DexieBaseline } from './dexie-baseline.ts';
import { batches, timed } from './steps.ts';

interface State {
  store: StoreClient;
  dexie: DexieBaseline;
  corpus: Corpus;
}
let state: State | undefined;

function current(): State {
  if (!state) throw new Error('kianaBench.init() first');
  return state;
}

async function both(
  ours: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  oursFirst: boolean,
) {
  return oursFirst
    ? { ours: await timed(ours), baseline: await timed(baseline) }
    : { baseline: await timed(baseline), ours: await timed(ours) };
}

const api = {
  async init(seed: number): Promise<{ count: number }> {
    const hook = (globalThis as { kianaStore?: () => StoreClient }).kianaStore;
    if (!hook) throw new Error('no kianaStore() on this page: load the app first');
    const store = hook();
    const stats = await store.call('db.stats', undefined);
    state = {
      store,
      dexie: await DexieBaseline.open('kiana-bench-bulk'),
      corpus: new Corpus(seed),
    };
    return { count: stats.count };
  },

  /** The next `count` memories in batches of `batch`, one transaction per batch on each side. */
  async put(count: number, batch: number, oursFirst: boolean) {
    const s = current();
    const parts = batches(s.corpus.take(count), batch);
    const toPut = (m: CorpusMemory) => ({
      id: m.id as MemoryId,
      text: m.text,
      source: 'typed' as const,
      tags: m.tags,
    });
    return both(
      async () => {
        for (const part of parts)
          await s.store.call('memories.bulkPut', { items: part.map(toPut) });
      },
      async () => {
        for (const part of parts) await s.dexie.bulkPut(part);
      },
      oursFirst,
    );
  },

  /**
   * Imports an exported database (base64) made of corpus `seed`'s first `count` memories, beside
   * Dexie's `bulkPut` of the same memories in batches of `batch`. Returns the import's result.
   */
  async import(file: string, seed: number, count: number, batch: number, oursFirst: boolean) {
    const s = current();
    const bytes = Uint8Array.from(atob(file), (c) => c.charCodeAt(0));
    const parts = batches(new Corpus(seed).take(count), batch);
    let added = 0;
    let progress = 0;
    const times = await both(
      async () => {
        const result = await s.store.call(
          'db.import',
          { bytes },
          { timeoutMs: 600_000, onProgress: () => (progress += 1) },
        );
        added = result.added;
      },
      async () => {
        for (const part of parts) await s.dexie.bulkPut(part);
      },
      oursFirst,
    );
    return { ...times, added, progress };
  },

  async count(): Promise<{ ours: number; dexie: number }> {
    const s = current();
    return { ours: await s.store.call('memories.count', {}), dexie: await s.dexie.count() };
  },
};

export type BulkBenchApi = typeof api;
(globalThis as { kianaBench?: BulkBenchApi }).kianaBench = api;
