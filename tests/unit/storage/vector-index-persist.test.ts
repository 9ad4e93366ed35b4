/**
 * The saved vector index (schema v6) and its journal (v12) over the real SQLite build: a reopened
 * store answers from the saved bytes plus the changes journaled since, without reading every
 * vector row and without the bytes being written again after each change; damaged bytes, a
 * journal with a gap or one that does not add up to the rows are never used (the index is rebuilt
 * from the rows, with the same answers).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MemoryId } from '@kiana/shared/ids';
import { IndexConversion } from '../../../src/core/search/conversion.ts';
import { loadVectorIndex } from '../../../src/core/search/select.ts';
import { encodeVector } from '../../../src/core/embedding/codec.ts';
import { Sql } from '../../../workers/store/sqlite.ts';
import type { StoreService, StoreSetup } from '../../../workers/store/service.ts';
import { openTestStore, type TestDb } from './sqlite-node.ts';

const MODEL = 'Test/model@rev/q8';
const DIM = 16;
const COUNT = 60;

/** Deterministic pseudo-random unit-ish vectors (mulberry32). */
function vectorOf(seed: number): Float32Array {
  let a = seed * 7919 + 1;
  const v = new Float32Array(DIM);
  for (let i = 0; i < DIM; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    v[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  }
  return v;
}

const ROWS_QUERY = 'SELECT memory_id, dim, vector FROM memory_vectors WHERE model = ?';

/** Counts how often the store reads all of a model's vector rows (a rebuild). */
function countRebuilds(): { count: () => number } {
  const all = vi.spyOn(Sql.prototype, 'all');
  return { count: () => all.mock.calls.filter(([query]) => query === ROWS_QUERY).length };
}

async function filled(
  vectors?: StoreSetup['vectors'],
): Promise<{ store: StoreService; t: TestDb }> {
  const { store, t } = await openTestStore(vectors ? { vectors } : {});
  for (let i = 0; i < COUNT; i++) {
    await store.put({ id: `m${i}` as MemoryId, text: `memory ${i}`, source: 'typed', tags: [] });
  }
  await store.putVectors(
    MODEL,
    DIM,
    Array.from({ length: COUNT }, (_, i) => ({
      id: `m${i}` as MemoryId,
      text: `memory ${i}`,
      vector: vectorOf(i),
    })),
  );
  return { store, t };
}

/** The top 10 for a few queries, as [id, score] pairs. */
async function answers(store: StoreService): Promise<[string, number][][]> {
  const out: [string, number][][] = [];
  for (const q of [3, 17, 42, 1000]) {
    const near = await store.nearest(MODEL, vectorOf(q), 10);
    out.push(near.map((n) => [n.id, n.score]));
  }
  return out;
}

async function savedBytes(t: TestDb): Promise<Uint8Array> {
  const parts = await t.sql.all<{ bytes: Uint8Array }>(
    'SELECT bytes FROM vector_index_parts WHERE model = ? ORDER BY part',
    [MODEL],
  );
  const out = new Uint8Array(parts.reduce((n, p) => n + p.bytes.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p.bytes, at);
    at += p.bytes.length;
  }
  return out;
}

describe('the saved vector index', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is saved, and a reopened store answers the same without reading the rows', async () => {
    const { store, t } = await filled();
    const before = await answers(store);
    await store.saveVectorIndexes();
    expect(await t.sql.get('SELECT vectors FROM vector_index WHERE model = ?', [MODEL])).toEqual({
      vectors: COUNT,
    });
    expect(loadVectorIndex(await savedBytes(t)).size).toBe(COUNT);
    const rebuilds = countRebuilds();
    const { store: reopened } = await openTestStore({}, t);
    expect(await answers(reopened)).toEqual(before);
    expect(rebuilds.count()).toBe(0);
  });

  it('rebuilds from the rows when the saved bytes are damaged, and saves good ones', async () => {
    const { store, t } = await filled();
    const before = await answers(store);
    await store.saveVectorIndexes();
    const bytes = await savedBytes(t);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0xff;
    await t.sql.run('UPDATE vector_index_parts SET bytes = ? WHERE model = ? AND part = 0', [
      bytes,
      MODEL,
    ]);
    expect(() => loadVectorIndex(bytes)).toThrow(
      expect.objectContaining({ code: 'vector-index-corrupt' }),
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const rebuilds = countRebuilds();
    const { store: reopened } = await openTestStore({}, t);
    expect(await answers(reopened)).toEqual(before);
    expect(rebuilds.count()).toBe(1);
    expect(warn).toHaveBeenCalled();
    await reopened.saveVectorIndexes();
    expect(loadVectorIndex(await savedBytes(t)).size).toBe(COUNT);
  });

  it('is brought up to the rows by the journal, without a rebuild and without saving it again', async () => {
    const { store, t } = await filled();
    await answers(store);
    await store.saveVectorIndexes();
    const header = () => t.sql.get('SELECT generation, vectors FROM vector_index');
    const saved = await header();
    // Every kind of change after the save: a vector put through the store, one written behind
    // its back (as a synced change could), one replaced, one dropped by an edit of its text.
    await store.put({ id: 'late' as MemoryId, text: 'late', source: 'typed', tags: [] });
    await store.put({ id: 'later' as MemoryId, text: 'later', source: 'typed', tags: [] });
    await store.putVectors(MODEL, DIM, [
      { id: 'late' as MemoryId, text: 'late', vector: vectorOf(5000) },
      { id: 'm42' as MemoryId, text: 'memory 42', vector: vectorOf(6000) },
    ]);
    await t.sql.run(
      'INSERT INTO memory_vectors (memory_id, model, dim, vector) VALUES (?, ?, ?, ?)',
      ['later', MODEL, DIM, encodeVector(vectorOf(7000))],
    );
    await store.edit({ id: 'm17' as MemoryId, text: 'memory 17, rewritten' });
    // The changes are in the journal; the saved bytes are not written again.
    await store.saveVectorIndexes();
    expect(await header()).toEqual(saved);
    const rebuilds = countRebuilds();
    const { store: reopened } = await openTestStore({}, t);
    const replayed = await answers(reopened);
    expect(rebuilds.count()).toBe(0);
    expect((await reopened.nearest(MODEL, vectorOf(5000), 1))[0]?.id).toBe('late');
    expect((await reopened.nearest(MODEL, vectorOf(7000), 1))[0]?.id).toBe('later');
    expect((await reopened.nearest(MODEL, vectorOf(6000), 1))[0]?.id).toBe('m42');
    // The same answers as an index built from the rows alone.
    await t.sql.run('DELETE FROM vector_index');
    const { store: rebuilt } = await openTestStore({}, t);
    expect(await answers(rebuilt)).toEqual(replayed);
    expect(rebuilds.count()).toBe(1);
    expect(replayed.flat().map(([id]) => id)).not.toContain('m17');
  });

  it('is saved whole again once the journal passes its limit, which empties the journal', async () => {
    const { store, t } = await filled({ journalLimit: 5 });
    await answers(store);
    await store.saveVectorIndexes();
    const state = () =>
      t.sql.get(
        'SELECT (SELECT generation FROM vector_index) AS saved, (SELECT count(*) FROM vector_journal) AS journal',
      );
    expect(await state()).toEqual({ saved: COUNT, journal: 0 });
    const change = (from: number, to: number) =>
      store.putVectors(
        MODEL,
        DIM,
        Array.from({ length: to - from }, (_, i) => ({
          id: `m${from + i}` as MemoryId,
          text: `memory ${from + i}`,
          vector: vectorOf(9000 + from + i),
        })),
      );
    await change(0, 3);
    await store.saveVectorIndexes();
    expect(await state()).toEqual({ saved: COUNT, journal: 3 });
    await change(3, 6);
    await store.saveVectorIndexes();
    expect(await state()).toEqual({ saved: COUNT + 6, journal: 0 });
  });

  it('journals both memories of an update that moves a vector to another memory', async () => {
    const { store, t } = await filled();
    await answers(store);
    await store.saveVectorIndexes();
    // Nothing in the app moves a vector; the trigger must still count and journal both sides.
    await store.put({ id: 'moved' as MemoryId, text: 'memory 1', source: 'typed', tags: [] });
    await t.sql.run("UPDATE memory_vectors SET memory_id = 'moved' WHERE memory_id = 'm1'");
    expect(
      await t.sql.all('SELECT generation, memory_id FROM vector_journal ORDER BY generation'),
    ).toEqual([
      { generation: COUNT + 1, memory_id: 'm1' },
      { generation: COUNT + 2, memory_id: 'moved' },
    ]);
    const rebuilds = countRebuilds();
    const { store: reopened } = await openTestStore({}, t);
    expect((await reopened.nearest(MODEL, vectorOf(1), 1))[0]?.id).toBe('moved');
    expect(rebuilds.count()).toBe(0);
  });

  it('is not used when the journal misses a change (made before it existed)', async () => {
    const { store, t } = await filled();
    await answers(store);
    await store.saveVectorIndexes();
    await store.put({ id: 'late' as MemoryId, text: 'late', source: 'typed', tags: [] });
    await t.sql.run(
      'INSERT INTO memory_vectors (memory_id, model, dim, vector) VALUES (?, ?, ?, ?)',
      ['late', MODEL, DIM, encodeVector(vectorOf(5000))],
    );
    await t.sql.run('DELETE FROM vector_journal');
    const rebuilds = countRebuilds();
    const { store: reopened } = await openTestStore({}, t);
    expect((await reopened.nearest(MODEL, vectorOf(5000), 1))[0]?.id).toBe('late');
    expect(rebuilds.count()).toBe(1);
  });

  it('is rebuilt when saved bytes and journal do not add up to the rows', async () => {
    const { store, t } = await filled();
    await answers(store);
    await store.saveVectorIndexes();
    await store.put({ id: 'late' as MemoryId, text: 'late', source: 'typed', tags: [] });
    await store.putVectors(MODEL, DIM, [
      { id: 'late' as MemoryId, text: 'late', vector: vectorOf(5000) },
    ]);
    // A removal journaled under the wrong memory (damage): the generations still line up, but
    // replaying cannot reach the rows' count.
    await t.sql.run('DELETE FROM memory_vectors WHERE memory_id = ?', ['m3']);
    await t.sql.run('DELETE FROM vector_journal WHERE memory_id = ?', ['m3']);
    await t.sql.run(
      "INSERT INTO vector_journal (model, generation, memory_id) SELECT model, generation, 'nobody' FROM vector_changes",
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const rebuilds = countRebuilds();
    const { store: reopened } = await openTestStore({}, t);
    const near = await reopened.nearest(MODEL, vectorOf(3), 10);
    expect(near.map((n) => n.id)).not.toContain('m3');
    expect(rebuilds.count()).toBe(1);
    expect(warn).toHaveBeenCalled();
  });

  it('crosses the exact limit in slices: the exact index answers until the graph is complete', async () => {
    const step = vi.spyOn(IndexConversion.prototype, 'step');
    // 60 vectors over a limit of 40: the first search builds the exact index and starts the
    // conversion, 5 inserts per turn of the store's lock.
    const { store, t } = await filled({ exactLimit: 40, slice: 5 });
    const before = await answers(store);
    // The coverage tells the conversion (Settings shows it): the exact index answers meanwhile.
    const during = await store.vectorCoverage(MODEL);
    expect(during.index).toBe('exact');
    expect(during.indexing).toBeGreaterThan(0);
    expect(during.indexing).toBeLessThanOrEqual(COUNT);
    // Work goes on between slices: a write and a search while the graph is being built.
    await store.put({ id: 'new' as MemoryId, text: 'new', source: 'typed', tags: [] });
    await store.putVectors(MODEL, DIM, [
      { id: 'new' as MemoryId, text: 'new', vector: vectorOf(7000) },
    ]);
    expect((await store.nearest(MODEL, vectorOf(7000), 1))[0]?.id).toBe('new');
    await vi.waitFor(() => expect(step.mock.results.at(-1)?.value).toBe(true));
    expect(step.mock.calls.length).toBeGreaterThanOrEqual(COUNT / 5);
    const done = await store.vectorCoverage(MODEL);
    expect([done.index, done.indexing]).toEqual(['hnsw', 0]);
    // The graph holds every vector, the new one included, and finds each query's own memory.
    expect((await store.nearest(MODEL, vectorOf(7000), 1))[0]?.id).toBe('new');
    const after = await answers(store);
    // Queries 3, 17 and 42 are stored vectors: each finds its own memory first, before and
    // after (the fourth query is no memory's, and the new vector may now be nearest to it).
    expect(before.slice(0, 3).map((a) => a[0]?.[0])).toEqual(['m3', 'm17', 'm42']);
    expect(after.slice(0, 3).map((a) => a[0]?.[0])).toEqual(['m3', 'm17', 'm42']);
    await store.saveVectorIndexes();
    const saved = loadVectorIndex(await savedBytes(t));
    expect([saved.kind, saved.size]).toEqual(['hnsw', COUNT + 1]);
  });

  it('is loaded ahead of the first search by prepare, part by part', async () => {
    const { store, t } = await filled();
    const before = await answers(store);
    await store.saveVectorIndexes();
    const rebuilds = countRebuilds();
    const parts = vi.spyOn(Sql.prototype, 'get');
    const { store: reopened } = await openTestStore({}, t);
    await reopened.prepareVectors(MODEL, DIM);
    expect(
      parts.mock.calls.filter(([query]) => query.includes('FROM vector_index_parts')),
    ).toHaveLength(1);
    parts.mockClear();
    // The search finds it loaded: no saved part and no row is read again.
    expect(await answers(reopened)).toEqual(before);
    expect(parts.mock.calls.filter(([query]) => query.includes('vector_index'))).toHaveLength(0);
    expect(rebuilds.count()).toBe(0);
  });

  it('prepare leaves a stale or missing saved index to the first search (no rebuild at start)', async () => {
    const { store, t } = await filled();
    await answers(store); // built, not saved
    const rebuilds = countRebuilds();
    const { store: reopened } = await openTestStore({}, t);
    await reopened.prepareVectors(MODEL, DIM);
    expect(rebuilds.count()).toBe(0);
    expect((await reopened.nearest(MODEL, vectorOf(3), 1))[0]?.id).toBe('m3');
    expect(rebuilds.count()).toBe(1);
  });

  it('saves by itself once changes settle', async () => {
    const { store, t } = await filled();
    await answers(store);
    expect(await t.sql.get('SELECT 1 FROM vector_index')).toBeUndefined();
    // No flush here: only the quiet-time timer can write it.
    await vi.waitFor(
      async () =>
        expect(await t.sql.get('SELECT vectors FROM vector_index')).toEqual({ vectors: COUNT }),
      { timeout: 30_000, interval: 250 },
    );
  }, 60_000);
});
