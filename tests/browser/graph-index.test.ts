/**
 * A collection past the exact limit (30k vectors) in the real store worker in Chromium: the first
 * search builds the exact index from the rows and answers at once, the graph is built behind it
 * a slice at a time (`vectors.coverage` tells how many are left), then answers itself; it is saved
 * to OPFS, loaded again after a reload without a rebuild, also with a note journaled after the
 * save, and a memory deleted afterwards never surfaces though the graph still holds it (the SQL
 * check).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { EXACT_LIMIT } from '../../src/core/search/select.ts';
import { openApp } from './devices.ts';
import { useSession } from './session.ts';
import { call, storeReady } from './storage-rpc.ts';

const COUNT = EXACT_LIMIT + 600;
const DIM = 16;
/** Any key: the store keeps vectors per model key and runs no model itself. */
const MODEL = 'Test/graph-16@synthetic/fp32';
const BATCH = 1000;

const session = useSession({ name: 'laptop' });

const idOf = (n: number): string => `graph-${n.toString(36).padStart(4, '0')}`;

/** Memory `n`'s vector: seeded noise (mulberry32), a direction of its own in 16 dimensions. */
function vectorOf(n: number, dim: number): number[] {
  let state = (n * 7919 + 17) | 0;
  return Array.from({ length: dim }, () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  });
}

/** Memories `start` .. `start + count - 1`, each with its vector. */
async function add(page: Page, start: number, count: number): Promise<void> {
  const items = Array.from({ length: count }, (_, i) => ({
    id: idOf(start + i),
    text: `Notiz ${start + i} über den Garten`,
    source: 'typed' as const,
    tags: [],
  }));
  await call(page, 'memories.bulkPut', { items }, 120_000);
  // Float32Arrays are built in the page: the RPC takes nothing else for a vector.
  const vectors = items.map((item, i) => ({
    id: item.id,
    text: item.text,
    vector: vectorOf(start + i, DIM),
  }));
  await page.evaluate(
    async ([list, dim, model]) => {
      type Client = { call(m: string, a: unknown, o: object): Promise<unknown> };
      const store = (globalThis as unknown as { kianaStore(): Client }).kianaStore();
      const put = list.map((v) => ({ ...v, vector: Float32Array.from(v.vector) }));
      await store.call('vectors.put', { model, dim, items: put }, { timeoutMs: 120_000 });
    },
    [vectors, DIM, MODEL] as const,
  );
}

async function fill(page: Page): Promise<void> {
  for (let start = 0; start < COUNT; start += BATCH) {
    await add(page, start, Math.min(BATCH, COUNT - start));
  }
}

/** The top `limit` ids by meaning for memory `n`'s own vector. */
async function nearest(page: Page, n: number, limit = 3): Promise<string[]> {
  const hits = await page.evaluate(
    async ([vector, model, k]) => {
      type Client = { call(m: string, a: unknown): Promise<{ id: string }[]> };
      const store = (globalThis as unknown as { kianaStore(): Client }).kianaStore();
      return store.call('vectors.nearest', {
        model,
        vector: Float32Array.from(vector),
        limit: k,
      });
    },
    [vectorOf(n, DIM), MODEL, limit] as const,
  );
  return hits.map((h) => h.id);
}

const SAMPLES = [0, 1, 4_711, EXACT_LIMIT, COUNT - 1];

describe('The vector index past the exact limit, in Chromium', () => {
  it(
    'answers while the graph is built, then from the graph, from OPFS after a reload, and never with a deleted memory',
    { timeout: 600_000 },
    async () => {
      let page = await openApp(session.device, session.companion.url, '/#/devices');
      await storeReady(page);
      await fill(page);
      const coverage = () => call(page, 'vectors.coverage', { model: MODEL });
      expect((await coverage()).index).toBeNull();

      // The first search builds the exact index from the rows and answers from it.
      for (const n of SAMPLES) expect((await nearest(page, n))[0]).toBe(idOf(n));
      const first = await coverage();
      expect(first).toMatchObject({ embedded: COUNT, total: COUNT });
      expect(['exact', 'hnsw']).toContain(first.index);
      if (first.index === 'exact') expect(first.indexing).toBeGreaterThan(0);

      // The graph replaces it once every vector is placed.
      await expect
        .poll(
          async () => {
            const c = await coverage();
            return [c.index, c.indexing];
          },
          { timeout: 300_000, interval: 250 },
        )
        .toEqual(['hnsw', 0]);
      for (const n of SAMPLES) expect((await nearest(page, n))[0]).toBe(idOf(n));

      // Saved to OPFS; a reload loads the graph (no conversion starts: it is the right kind).
      await call(page, 'vectors.save', undefined, 120_000);
      page = await openApp(session.device, session.companion.url, '/#/devices');
      await storeReady(page);
      await call(page, 'vectors.prepare', { model: MODEL, dim: DIM }, 120_000);
      expect(await coverage()).toMatchObject({ index: 'hnsw', indexing: 0 });
      for (const n of SAMPLES) expect((await nearest(page, n))[0]).toBe(idOf(n));

      // A note saved now goes into the journal (tests/unit/storage/vector-index-persist.test.ts
      // shows the bytes are not written again): after a reload the saved graph plus the journal
      // is ready at once, with the note in it (a save that could not be used would leave no
      // index until the first search rebuilds one).
      await add(page, COUNT, 1);
      await call(page, 'vectors.save', undefined, 120_000);
      page = await openApp(session.device, session.companion.url, '/#/devices');
      await storeReady(page);
      await call(page, 'vectors.prepare', { model: MODEL, dim: DIM }, 120_000);
      expect(await coverage()).toMatchObject({ index: 'hnsw', indexing: 0, embedded: COUNT + 1 });
      expect((await nearest(page, COUNT))[0]).toBe(idOf(COUNT));

      // Deleted: the graph keeps its vector (for Undo), the answer never holds it.
      const gone = SAMPLES[2] as number;
      await call(page, 'memories.delete', { id: idOf(gone) });
      const after = await nearest(page, gone, 10);
      expect(after).toHaveLength(10);
      expect(after).not.toContain(idOf(gone));
    },
  );
});
