import { describe, expect, it } from 'vitest';
import { exportDatabase } from '../../../workers/store/transfer.ts';
import { MemFiles } from '../../../workers/store/mem-files.ts';
import { Net, bytesContain, mid } from './chain-net.ts';
import { MIGRATIONS, migrate } from '../../../workers/store/migrations.ts';
import { openTestDb, openTestStore } from './sqlite-node.ts';

const SECRET = 'Zugangscode Xylophon 4711 quokka';

describe('memories as chain transactions', () => {
  it('seals every write into a signed block on top of the genesis this device made', async () => {
    const { store, t } = await openTestStore();
    const before = await store.chainInfo();
    expect(before.height).toBe(0);
    expect(before.authorities).toEqual([
      expect.objectContaining({ device: before.device, self: true, active: true }),
    ]);
    await store.put({ id: mid('a'), text: 'first', source: 'typed', tags: ['x'] });
    await store.edit({ id: mid('a'), text: 'second' });
    const after = await store.chainInfo();
    expect(after.height).toBe(2);
    expect(after.genesis).toBe(before.genesis);
    const rows = await t.sql.all<{ n: number }>('SELECT count(*) AS n FROM chain_blocks');
    expect(rows[0]?.n).toBe(3);
    // The text lives beside the chain as salted blobs, never inside a block.
    const blocks = await t.sql.all<{ body: Uint8Array }>('SELECT body FROM chain_blocks');
    expect(
      bytesContain(
        blocks.map((b) => b.body),
        'second',
      ),
    ).toBe(false);
    expect((await store.get({ id: mid('a'), includeDeleted: false }))?.text).toBe('second');
  });

  it('replays the chain at the next open: same memories, same head, no new genesis', async () => {
    const first = await openTestStore();
    await first.store.put({ id: mid('a'), text: 'kept', source: 'voice', tags: [] });
    const info = await first.store.chainInfo();
    const again = await openTestStore({}, first.t);
    expect(await again.store.chainInfo()).toMatchObject({ head: info.head, height: 1 });
    expect((await again.store.get({ id: mid('a'), includeDeleted: false }))?.source).toBe('voice');
  });

  it('forgets a deleted memory: not in the table, the index, the blobs, the file or an export', async () => {
    const { store, t } = await openTestStore();
    await store.put({ id: mid('keep'), text: 'harmless note', source: 'typed', tags: [] });
    await store.put({ id: mid('gone'), text: SECRET, source: 'typed', tags: ['geheim'] });
    expect(bytesContain(t.files(), 'Xylophon')).toBe(true);
    await store.setDeleted(mid('gone'), true);
    expect((await store.search({ query: 'xylophon', limit: 5 })).hits).toEqual([]);
    const tomb = await store.get({ id: mid('gone'), includeDeleted: true });
    expect(tomb).toMatchObject({ deleted: true, text: '', tags: [] });
    for (const word of ['Xylophon', 'xylophon', 'quokka', 'geheim']) {
      expect(bytesContain(t.files(), word), word).toBe(false);
    }
    const exported = await exportDatabase(t.sql, MemFiles.register(t.api, t.module));
    expect(bytesContain([exported], 'quokka')).toBe(false);
    expect(bytesContain([exported], 'harmless')).toBe(true);
  });

  it('brings a deleted memory back with Undo, from the worker’s short memory or the caller', async () => {
    let now = 1_700_000_000_000;
    const { store } = await openTestStore({ now: () => now });
    await store.put({ id: mid('a'), text: 'undo me', source: 'typed', tags: ['t'] });
    await store.setDeleted(mid('a'), true);
    const back = await store.setDeleted(mid('a'), false);
    expect(back).toMatchObject({ text: 'undo me', tags: ['t'], deleted: false });
    await store.setDeleted(mid('a'), true);
    const given = await store.setDeleted(mid('a'), false, { text: 'given', tags: [] });
    expect(given).toMatchObject({ text: 'given', deleted: false });
    await store.setDeleted(mid('a'), true);
    now += 61_000; // past the short memory of deletes: the words are gone for good
    await expect(store.setDeleted(mid('a'), false)).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('memories from before the chain', () => {
  it(
    'become this device’s transactions in the background; deleted ones are forgotten',
    { timeout: 60_000 },
    async () => {
      const t = await openTestDb();
      await migrate(t.sql, MIGRATIONS, 3);
      const insert = `INSERT INTO memories (id, text, source, tags, device, created_hlc, updated_hlc, deleted)
      VALUES (?, ?, 'voice', '["alt"]', 'aaaaaaaaaaaaaaaaaaaaaaaaaa',
              '018b6c5a0000.0000.aaaaaaaaaaaaaaaaaaaaaaaaaa', '018b6c5a0000.0000.aaaaaaaaaaaaaaaaaaaaaaaaaa', ?)`;
      for (let i = 0; i < 1_500; i++) await t.sql.run(insert, [`old${i}`, `old note ${i}`, 0]);
      await t.sql.run(insert, ['binned', `${SECRET} in the bin`, 1]);
      const { store } = await openTestStore({}, t);
      // Readable at once, before the replay is through.
      expect((await store.get({ id: mid('old7'), includeDeleted: false }))?.text).toBe(
        'old note 7',
      );
      // A write to a row not replayed yet replays it first.
      await store.edit({ id: mid('old1499'), text: 'edited early' });
      await store.legacy;
      const info = await store.chainInfo();
      expect(info.height).toBeGreaterThanOrEqual(2);
      const edited = await store.get({ id: mid('old1499'), includeDeleted: false });
      expect(edited).toMatchObject({ text: 'edited early', source: 'voice', tags: ['alt'] });
      expect(edited?.createdAt).toBe(0x018b6c5a0000);
      expect(await store.count({ includeDeleted: false })).toBe(1_500);
      expect(bytesContain(t.files(), 'quokka')).toBe(false);
      const blocks = await t.sql.all<{ n: number }>('SELECT count(*) AS n FROM chain_contents');
      expect(blocks[0]?.n).toBe(3_000);
    },
  );
});

describe('sync between stores', () => {
  it('two devices with their own geneses pair, settle on one chain and show the same memories', async () => {
    const net = new Net();
    const a = await net.add(1);
    const b = await net.add(2);
    await a.store.put({ id: mid('from-a'), text: 'written on A', source: 'typed', tags: ['a'] });
    await b.store.put({ id: mid('from-b'), text: 'written on B', source: 'voice', tags: [] });
    await net.pair(a, b);
    await net.connect(a, b);
    await net.run();
    const [ia, ib] = [await a.store.chainInfo(), await b.store.chainInfo()];
    expect(ia.genesis).toBe(ib.genesis);
    expect(ia.head).toBe(ib.head);
    expect(ia.authorities.map((x) => x.device).sort()).toEqual([a.id, b.id].sort());
    expect(await Net.shown(a)).toEqual(await Net.shown(b));
    expect(Object.keys(await Net.shown(a)).sort()).toEqual(['from-a', 'from-b']);
    const fromB = await a.store.get({ id: mid('from-b'), includeDeleted: false });
    expect(fromB).toMatchObject({ device: b.id, source: 'voice' });
    expect(ia.peers).toEqual([expect.objectContaining({ device: b.id, error: null })]);
  });

  it('carries a delete to the other device, which forgets the text too', async () => {
    const net = new Net();
    const a = await net.add(1);
    const b = await net.add(2);
    await net.pair(a, b);
    await net.connect(a, b);
    await a.store.put({ id: mid('s'), text: SECRET, source: 'typed', tags: [] });
    await net.run();
    expect(bytesContain(b.t.files(), 'quokka')).toBe(true);
    await b.store.setDeleted(mid('s'), true);
    await net.run();
    for (const d of [a, b]) {
      expect(await d.store.get({ id: mid('s'), includeDeleted: true })).toMatchObject({
        deleted: true,
        text: '',
      });
      expect(bytesContain(d.t.files(), 'quokka'), d.id).toBe(false);
      expect(bytesContain(d.t.files(), 'Xylophon'), d.id).toBe(false);
    }
  });

  it('three devices write while apart, edit and delete the same memory, then all agree', async () => {
    const net = new Net();
    const [a, b, c] = [await net.add(1), await net.add(2), await net.add(3)];
    await net.pair(a, b);
    await net.pair(a, c);
    await net.connect(a, b);
    await net.connect(a, c);
    await a.store.put({ id: mid('shared'), text: 'v0', source: 'typed', tags: [] });
    await a.store.put({ id: mid('contested'), text: 'v0', source: 'typed', tags: ['old'] });
    await net.run();
    await net.disconnect(a, b);
    await net.disconnect(a, c);
    for (const d of [a, b, c]) {
      await d.store.put({ id: mid(`own-${d.n}`), text: `alone ${d.n}`, source: 'typed', tags: [] });
    }
    await b.store.edit({ id: mid('shared'), text: 'edited on b' });
    await c.store.edit({ id: mid('shared'), tags: ['tag-from-c'] });
    // Delete on one side, a later edit on the other: the later text brings it back, without the
    // tags written before the delete.
    await b.store.setDeleted(mid('contested'), true);
    await new Promise((r) => setTimeout(r, 5));
    await c.store.edit({ id: mid('contested'), text: 'revived' });
    await net.connect(a, b);
    await net.connect(b, c);
    await net.connect(a, c);
    await net.run();
    const shown = await Net.shown(a);
    expect(shown).toEqual({
      shared: 'edited on b tag-from-c',
      contested: 'revived ',
      'own-1': 'alone 1 ',
      'own-2': 'alone 2 ',
      'own-3': 'alone 3 ',
    });
    expect(await Net.shown(b)).toEqual(shown);
    expect(await Net.shown(c)).toEqual(shown);
    const heads = new Set([a, b, c].map(async (d) => (await d.store.chainInfo()).head));
    expect(new Set(await Promise.all(heads))).toHaveProperty('size', 1);
  });
});
