/**
 * Embeddings in the store, over the real SQLite build: pending texts, vectors stored only for
 * the text they were made from, triggers that drop stale vectors, nearest-by-meaning and hybrid
 * search marking each hit `meaning`, `words` or both.
 */
import { describe, expect, it } from 'vitest';
import type { MemoryId } from '@kiana/shared/ids';
import { boundStoreHandlers } from './store-handlers.ts';
import { StoreHost } from '../../../workers/store/host.ts';
import { DEVICE, IDENTITY, openTestStore, type TestDb } from './sqlite-node.ts';

const MODEL = 'Test/model@rev/q8';
const DIM = 8;

/** A unit vector pointing mostly along axis `axis`. */
function unit(axis: number, tilt = 0): Float32Array {
  const v = new Float32Array(DIM);
  v[axis % DIM] = 1;
  v[(axis + 1) % DIM] = tilt;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

async function setup(existing?: TestDb) {
  const opened = await openTestStore({}, existing);
  const host = new StoreHost(() => Promise.resolve(opened.store));
  await host.open({ device: DEVICE, identity: IDENTITY, vfs: 'auto' });
  const h = boundStoreHandlers(host);
  const put = (id: string, text: string) =>
    h['memories.put']({ id: id as MemoryId, text, source: 'typed', tags: [] });
  return { h, put, t: opened.t };
}

describe('vectors in the store', () => {
  it('lists memories without a vector, newest first, and stores vectors for them', async () => {
    const { h, put } = await setup();
    await put('a', 'apples and pears');
    await put('b', 'bicycle repair on Tuesday');
    const pending = await h['vectors.pending']({ model: MODEL, limit: 10 });
    expect(pending.map((p) => p.id)).toEqual(['b', 'a']);
    const items = pending.map((p, i) => ({ ...p, vector: unit(i) }));
    expect(await h['vectors.put']({ model: MODEL, dim: DIM, items })).toEqual({ stored: 2 });
    expect(await h['vectors.pending']({ model: MODEL })).toEqual([]);
    expect(await h['vectors.coverage']({ model: MODEL })).toEqual({
      model: MODEL,
      embedded: 2,
      total: 2,
      // No search asked for the index yet, so it is not in memory.
      index: null,
      indexing: 0,
    });
    // Another model has none yet.
    expect(await h['vectors.pending']({ model: 'Other/m@r/q8' })).toHaveLength(2);
  });

  it('drops a vector when the text changes, and never stores one for older text', async () => {
    const { h, put } = await setup();
    await put('a', 'first text');
    await h['vectors.put']({
      model: MODEL,
      dim: DIM,
      items: [{ id: 'a' as MemoryId, text: 'first text', vector: unit(0) }],
    });
    await h['memories.edit']({ id: 'a' as MemoryId, text: 'second text' });
    expect(await h['vectors.pending']({ model: MODEL })).toEqual([
      { id: 'a', text: 'second text' },
    ]);
    const late = await h['vectors.put']({
      model: MODEL,
      dim: DIM,
      items: [{ id: 'a' as MemoryId, text: 'first text', vector: unit(0) }],
    });
    expect(late).toEqual({ stored: 0 });
    expect(await h['vectors.nearest']({ model: MODEL, vector: unit(0) })).toEqual([]);
  });

  it('ranks by vector similarity alone, leaving out deleted memories', async () => {
    const { h, put } = await setup();
    for (let i = 0; i < 6; i++) await put(`m${i}`, `memory number ${i}`);
    const pending = await h['vectors.pending']({ model: MODEL });
    await h['vectors.put']({
      model: MODEL,
      dim: DIM,
      items: pending.map((p) => ({ ...p, vector: unit(Number(p.id.slice(1))) })),
    });
    const near = await h['vectors.nearest']({ model: MODEL, vector: unit(3, 0.2), limit: 3 });
    expect(near[0]?.id).toBe('m3');
    expect(near[0]?.score).toBeGreaterThan(0.9);
    await h['memories.delete']({ id: 'm3' as MemoryId });
    const after = await h['vectors.nearest']({ model: MODEL, vector: unit(3, 0.2), limit: 3 });
    expect(after.map((n) => n.id)).not.toContain('m3');
    // A vector stored after the index was built is found at once.
    await put('late', 'a late memory');
    await h['vectors.put']({
      model: MODEL,
      dim: DIM,
      items: [{ id: 'late' as MemoryId, text: 'a late memory', vector: unit(5, -0.1) }],
    });
    const late = await h['vectors.nearest']({ model: MODEL, vector: unit(5, -0.1), limit: 1 });
    expect(late[0]?.id).toBe('late');
  });

  it('fuses words and meaning and marks how each hit was found', async () => {
    const { h, put } = await setup();
    await put('w', 'zebra crossing near the school');
    await put('b', 'striped horse seen at the zoo');
    await put('x', 'unrelated grocery list');
    const vectors: Record<string, Float32Array> = { w: unit(0), b: unit(1), x: unit(4) };
    const pending = await h['vectors.pending']({ model: MODEL });
    await h['vectors.put']({
      model: MODEL,
      dim: DIM,
      items: pending.map((p) => ({ ...p, vector: vectors[p.id] as Float32Array })),
    });
    const result = await h['memories.hybridSearch']({
      query: 'zebra',
      limit: 2,
      vector: unit(1, 0.3),
      model: MODEL,
    });
    expect(result.semantic).toBe(true);
    const marks = Object.fromEntries(result.hits.map((hit) => [hit.memory.id, hit.match]));
    expect(marks.w).toContain('words');
    expect(marks.b).toEqual(['meaning']);
    expect(result.hits.find((hit) => hit.memory.id === 'b')?.snippet).toBe(
      'striped horse seen at the zoo',
    );
    // Without a vector it is keyword search alone.
    const words = await h['memories.hybridSearch']({ query: 'zebra', limit: 5 });
    expect(words.semantic).toBe(false);
    expect(words.hits.map((hit) => [hit.memory.id, hit.match])).toEqual([['w', ['words']]]);
  });

  it('pages keyword hits with a total, and drops neighbours below the relevance floor', async () => {
    const { h, put } = await setup();
    for (let i = 0; i < 7; i++) await put(`z${i}`, `zebra number ${i}`);
    await put('near', 'striped horse seen at the zoo');
    await put('far', 'unrelated grocery list');
    const vectors: Record<string, Float32Array> = { near: unit(1), far: unit(4) };
    const pending = await h['vectors.pending']({ model: MODEL });
    await h['vectors.put']({
      model: MODEL,
      dim: DIM,
      items: pending.map((p) => ({ ...p, vector: vectors[p.id] ?? unit(7) })),
    });
    const page = (offset: number) =>
      h['memories.hybridSearch']({
        query: 'zebra',
        limit: 3,
        offset,
        vector: unit(1),
        model: MODEL,
      });
    const pages = [await page(0), await page(3), await page(6)];
    // Seven by words and the one close neighbour; not `far`, not the zebras' own vectors.
    expect(pages.map((p) => p.total)).toEqual([8, 8, 8]);
    const ids = pages.flatMap((p) => p.hits.map((hit) => hit.memory.id as string));
    expect(new Set(ids).size).toBe(8);
    expect(ids).toContain('near');
    expect(ids).not.toContain('far');
  });

  it('fills the pool of 100 neighbours with live memories when the index holds deleted ones', async () => {
    const first = await setup();
    // 260 neighbours, nearest first by their tilt away from axis 0; the 60 nearest get deleted,
    // so the first ask (the pool and its slack) holds too few live ones and is asked again.
    const n = 260;
    for (let i = 0; i < n; i++) await first.put(`v${i}`, `note ${i}`);
    const pending = await first.h['vectors.pending']({ model: MODEL, limit: 1000 });
    await first.h['vectors.put']({
      model: MODEL,
      dim: DIM,
      items: pending.map((p) => ({ ...p, vector: unit(0, Number(p.id.slice(1)) / n) })),
    });
    // The 60 nearest go behind the index's back (as a write it has not heard of yet would):
    // their vectors stay, so the index rebuilt after a reload still holds them.
    await first.t.sql.run(
      `UPDATE memories SET deleted = 1 WHERE id IN (${Array.from({ length: 60 }, (_, i) => `'v${i}'`).join(',')})`,
    );
    const { h } = await setup(first.t);
    const result = await h['memories.hybridSearch']({
      query: 'zzz',
      limit: 50,
      vector: unit(0),
      model: MODEL,
    });
    // Meaning alone: the whole live pool, the nearest live memory first.
    expect(result.total).toBe(100);
    expect(result.hits[0]?.memory.id).toBe('v60');
  });

  it('keeps a memory findable by meaning through a tag edit; a delete erases the text and the vector', async () => {
    const { h, put } = await setup();
    await put('a', 'bicycle repair');
    await put('b', 'garden party');
    const near = async () =>
      (await h['vectors.nearest']({ model: MODEL, vector: unit(0), limit: 2 })).map((n) => n.id);
    await h['vectors.put']({
      model: MODEL,
      dim: DIM,
      items: [
        { id: 'a' as MemoryId, text: 'bicycle repair', vector: unit(0) },
        { id: 'b' as MemoryId, text: 'garden party', vector: unit(1) },
      ],
    });
    expect(await near()).toEqual(['a', 'b']);
    // The tags change, the text and so the vector stay.
    await h['memories.edit']({ id: 'a' as MemoryId, tags: ['bike'] });
    expect(await near()).toEqual(['a', 'b']);
    // A new text loses its vector (trigger): gone from the index until embedded again.
    await h['memories.edit']({ id: 'a' as MemoryId, text: 'bicycle repaired' });
    expect(await near()).toEqual(['b']);
    await h['vectors.put']({
      model: MODEL,
      dim: DIM,
      items: [{ id: 'a' as MemoryId, text: 'bicycle repaired', vector: unit(0) }],
    });
    expect(await near()).toEqual(['a', 'b']);
    // A delete erases the text, so the vector goes; Undo writes the text back to be embedded.
    await h['memories.delete']({ id: 'a' as MemoryId });
    expect(await near()).toEqual(['b']);
    await h['memories.undelete']({ id: 'a' as MemoryId });
    expect(await near()).toEqual(['b']);
    expect((await h['vectors.pending']({ model: MODEL })).map((p) => p.id)).toEqual(['a']);
  });

  it('refuses a batch with a vector no index can hold, or of another length, storing none', async () => {
    const { h, put } = await setup();
    await put('a', 'one');
    await put('b', 'two');
    const item = (id: string, text: string, vector: Float32Array) => ({
      id: id as MemoryId,
      text,
      vector,
    });
    // All zeros: no direction. Refused before anything is written, index loaded or not.
    for (const loaded of [false, true]) {
      if (loaded) await h['vectors.nearest']({ model: MODEL, vector: unit(0), limit: 1 });
      await expect(
        h['vectors.put']({
          model: MODEL,
          dim: DIM,
          items: [item('a', 'one', unit(0)), item('b', 'two', new Float32Array(DIM))],
        }),
      ).rejects.toMatchObject({ code: 'bad-message' });
      expect(await h['vectors.coverage']({ model: MODEL })).toMatchObject({ embedded: 0 });
    }
    await h['vectors.put']({ model: MODEL, dim: DIM, items: [item('a', 'one', unit(0))] });
    // Another length for the same model: refused though the index is not loaded (a new store).
    const other = await setup();
    await other.put('x', 'x');
    await other.h['vectors.put']({ model: MODEL, dim: DIM, items: [item('x', 'x', unit(2))] });
    const { h: reopened } = await setup(other.t);
    await expect(
      reopened['vectors.put']({
        model: MODEL,
        dim: 4,
        items: [item('x', 'x', new Float32Array([1, 0, 0, 0]))],
      }),
    ).rejects.toMatchObject({ code: 'bad-message' });
    expect(
      (await reopened['vectors.nearest']({ model: MODEL, vector: unit(2), limit: 1 }))[0]?.id,
    ).toBe('x');
  });

  it('refuses malformed vectors and mismatched arguments', async () => {
    const { h, put } = await setup();
    await put('a', 'text');
    const bad = [
      { model: MODEL, dim: DIM, items: [{ id: 'a', text: 'text', vector: [1, 2] }] },
      { model: MODEL, dim: DIM, items: [{ id: 'a', text: 'text', vector: new Float32Array(3) }] },
      {
        model: MODEL,
        dim: 2,
        items: [{ id: 'a', text: 'text', vector: new Float32Array([NaN, 1]) }],
      },
      { model: 'bad key with spaces', dim: 2, items: [] },
    ];
    for (const args of bad) {
      await expect(h['vectors.put'](args as never)).rejects.toMatchObject({ code: 'bad-message' });
    }
    await expect(h['memories.hybridSearch']({ query: 'x', vector: unit(0) })).rejects.toMatchObject(
      { code: 'bad-message' },
    );
    expect(await h['vectors.coverage']({ model: MODEL })).toMatchObject({ embedded: 0 });
  });
});
