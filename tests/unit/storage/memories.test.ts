import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newMemoryId, type MemoryId } from '@kiana/shared/ids';
import { decodeHlc } from '../../../src/core/hlc.ts';
import { KianaError } from '@kiana/shared/errors';
import { MARK_END, MARK_START, snippetSegments } from '../../../src/core/memory/snippet.ts';
import type { StoreService } from '../../../workers/store/service.ts';
import { openTestStore } from './sqlite-node.ts';

const id = (s: string): MemoryId => s as MemoryId;

async function put(store: StoreService, text: string, tags: string[] = []): Promise<MemoryId> {
  const m = await store.put({ id: newMemoryId(), text, source: 'typed', tags });
  return m.id;
}

describe('memories', () => {
  it('stores a memory and reads it back', async () => {
    const { store, changes } = await openTestStore({ now: () => 1_700_000_000_000 });
    const m = await store.put({ id: id('m1'), text: 'Buy milk', source: 'voice', tags: ['home'] });
    expect(m).toMatchObject({ id: 'm1', text: 'Buy milk', source: 'voice', tags: ['home'] });
    expect(m.deleted).toBe(false);
    expect(m.createdAt).toBe(1_700_000_000_000);
    expect(decodeHlc(m.createdHlc).device).toBe(m.device);
    expect(await store.get({ id: id('m1'), includeDeleted: false })).toEqual(m);
    expect(changes).toEqual([{ ids: ['m1'], kind: 'put', all: false }]);
  });

  it('treats a repeated put as a no-op that never overwrites a later edit', async () => {
    const { store, changes } = await openTestStore();
    const args = { id: id('m1'), text: 'first', source: 'typed' as const, tags: [] };
    await store.put(args);
    await store.edit({ id: id('m1'), text: 'edited' });
    const again = await store.put(args);
    expect(again.text).toBe('edited');
    expect(await store.count({ includeDeleted: true })).toBe(1);
    expect(changes.map((c) => c.kind)).toEqual(['put', 'edit']);
  });

  it('edits text and tags and bumps the update clock', async () => {
    const { store } = await openTestStore();
    const before = await store.put({ id: id('m1'), text: 'a', source: 'typed', tags: [] });
    const after = await store.edit({ id: id('m1'), tags: ['x'] });
    expect(after.text).toBe('a');
    expect(after.tags).toEqual(['x']);
    expect(after.updatedHlc > before.updatedHlc).toBe(true);
    expect(after.createdHlc).toBe(before.createdHlc);
    const same = await store.edit({ id: id('m1'), tags: ['x'] });
    expect(same.updatedHlc).toBe(after.updatedHlc);
  });

  it('soft-deletes and restores, hiding deleted memories from list, count and search', async () => {
    const { store, changes } = await openTestStore();
    await put(store, 'keep this');
    const gone = await put(store, 'delete this');
    await store.setDeleted(gone, true);
    await store.setDeleted(gone, true); // idempotent
    expect(await store.count({ includeDeleted: false })).toBe(1);
    expect(await store.count({ includeDeleted: true })).toBe(2);
    expect(await store.get({ id: gone, includeDeleted: false })).toBeNull();
    expect((await store.get({ id: gone, includeDeleted: true }))?.deleted).toBe(true);
    expect((await store.search({ query: 'delete', limit: 10 })).hits).toHaveLength(0);
    await expect(store.edit({ id: gone, text: 'no' })).rejects.toMatchObject({ code: 'not-found' });
    await store.setDeleted(gone, false);
    expect((await store.search({ query: 'delete', limit: 10 })).hits).toHaveLength(1);
    expect(changes.map((c) => c.kind)).toEqual(['put', 'put', 'delete', 'undelete']);
  });

  it('answers not-found for unknown ids', async () => {
    const { store } = await openTestStore();
    await expect(store.edit({ id: id('nope'), text: 'x' })).rejects.toBeInstanceOf(KianaError);
    await expect(store.setDeleted(id('nope'), true)).rejects.toMatchObject({ code: 'not-found' });
    expect(await store.get({ id: id('nope'), includeDeleted: true })).toBeNull();
  });

  it('lists newest first in windows with a total', async () => {
    let now = 1_000;
    const { store } = await openTestStore({ now: () => now++ });
    const ids: MemoryId[] = [];
    for (let i = 0; i < 25; i++) ids.push(await put(store, `note ${i}`));
    const first = await store.list({ offset: 0, limit: 10, includeDeleted: false });
    expect(first.total).toBe(25);
    expect(first.rows.map((r) => r.id)).toEqual(ids.slice().reverse().slice(0, 10));
    const last = await store.list({ offset: 20, limit: 10, includeDeleted: false });
    expect(last.rows.map((r) => r.text)).toEqual([
      'note 4',
      'note 3',
      'note 2',
      'note 1',
      'note 0',
    ]);
    await store.setDeleted(ids.at(-1) ?? id('none'), true);
    const afterDelete = await store.list({ offset: 0, limit: 1, includeDeleted: false });
    expect(afterDelete.total).toBe(24);
    expect(afterDelete.rows[0]?.text).toBe('note 23');
  });

  it('keeps issuing newer timestamps after a restart even if the wall clock went back', async () => {
    const first = await openTestStore({ now: () => 5_000_000 });
    const a = await first.store.put({ id: id('a'), text: 'a', source: 'typed', tags: [] });
    const again = await openTestStore({ now: () => 1_000 }, first.t);
    const b = await again.store.put({ id: id('b'), text: 'b', source: 'typed', tags: [] });
    expect(b.createdHlc > a.createdHlc).toBe(true);
  });
});

describe('full-text search', () => {
  it('finds Müller when searching for Muller, and the other way round', async () => {
    const { store } = await openTestStore();
    const m = await put(store, 'Termin bei Frau Müller am Dienstag');
    const n = await put(store, 'Muller called back');
    const hits = (q: string) => store.search({ query: q, limit: 10 });
    expect((await hits('muller')).hits.map((h) => h.memory.id).sort()).toEqual([m, n].sort());
    expect((await hits('Müller')).hits).toHaveLength(2);
    expect((await hits('MÜLLER dienstag')).hits.map((h) => h.memory.id)).toEqual([m]);
  });

  it('supports phrases, prefixes, OR and exclusion', async () => {
    const { store } = await openTestStore();
    const a = await put(store, 'apple pie with cinnamon');
    const b = await put(store, 'pie made of apples');
    const c = await put(store, 'pear tart');
    const ids = async (q: string) =>
      (await store.search({ query: q, limit: 10 })).hits.map((h) => h.memory.id).sort();
    expect(await ids('"apple pie"')).toEqual([a]);
    expect(await ids('appl*')).toEqual([a, b].sort());
    expect(await ids('apple OR pear')).toEqual([a, c].sort());
    expect(await ids('pie -cinnamon')).toEqual([b]);
    expect(await ids('cinn')).toEqual([]);
  });

  it('searches tags as well as text', async () => {
    const { store } = await openTestStore();
    const a = await put(store, 'call the plumber', ['Haushalt']);
    expect((await store.search({ query: 'haushalt', limit: 10 })).hits[0]?.memory.id).toBe(a);
  });

  it('ranks better matches first', async () => {
    const { store } = await openTestStore();
    await put(store, 'a long note that mentions garden only once among many other words here');
    const best = await put(store, 'garden garden garden');
    const result = await store.search({ query: 'garden', limit: 10 });
    expect(result.hits[0]?.memory.id).toBe(best);
    expect(result.hits[0]?.score).toBeGreaterThan(result.hits[1]?.score ?? Infinity);
  });

  it('highlights matches with marker characters, never HTML', async () => {
    const { store } = await openTestStore();
    await put(store, 'Meeting with <b>Müller</b> & co');
    const [hit] = (await store.search({ query: 'muller', limit: 1 })).hits;
    expect(hit?.snippet).toContain(`${MARK_START}Müller${MARK_END}`);
    expect(snippetSegments(hit?.snippet ?? '').filter((s) => s.mark)).toEqual([
      { text: 'Müller', mark: true },
    ]);
  });

  it('never raises an FTS syntax error, whatever a person types', async () => {
    const { store } = await openTestStore();
    await put(store, 'some "quoted" text with C++ and e-mail: a@b.c (and parentheses) * NEAR');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 40 }),
          fc
            .array(
              fc.constantFrom(
                '"',
                '*',
                '-',
                ' ',
                'OR',
                'NOT',
                'AND',
                'NEAR',
                '(',
                ')',
                ':',
                '^',
                'a',
                'ü',
                '+',
              ),
              { maxLength: 12 },
            )
            .map((p) => p.join('')),
        ),
        async (query) => {
          await store.search({ query, limit: 5 });
        },
      ),
      { numRuns: 500 },
    );
  });
});
