/**
 * Content blobs under appended keys (schema v10, chain/blobs.ts): a v9 file's blobs survive the
 * migration, an erasure removes the row by its key, a blob stored already is not written again,
 * and a second row of one hash (only a bug could write it) is gone after loading, so erasing
 * cannot leave words behind.
 */
import { describe, expect, it } from 'vitest';
import { BlobStore } from '../../../workers/store/chain/blobs.ts';
import { StoreLock } from '../../../workers/store/lock.ts';
import { MIGRATIONS, migrate } from '../../../workers/store/migrations.ts';
import { openTestDb } from './sqlite-node.ts';

const hash = (n: number) => new Uint8Array(32).fill(n);
const hex = (n: number) => n.toString(16).padStart(2, '0').repeat(32);
const bytes = (n: number) => new Uint8Array([n, n + 1, n + 2]);

async function rows(sql: Awaited<ReturnType<typeof openTestDb>>['sql']) {
  return sql.all<{ id: number; hash: string }>('SELECT id, hash FROM chain_contents ORDER BY id');
}

describe('content blobs by key', () => {
  it('keeps the blobs of a version 9 file through the migration', async () => {
    const t = await openTestDb();
    await migrate(t.sql, MIGRATIONS, 9);
    await t.sql.run('INSERT INTO chain_contents (hash, bytes) VALUES (?, ?), (?, ?)', [
      hex(2),
      bytes(2),
      hex(1),
      bytes(1),
    ]);
    await migrate(t.sql);
    const lock = new StoreLock(t.sql);
    const store = await lock.run((db) => db.transaction(() => BlobStore.load(db)));
    expect([...(store.get(hash(1)) ?? [])]).toEqual([...bytes(1)]);
    expect([...(store.get(hash(2)) ?? [])]).toEqual([...bytes(2)]);
    expect((await rows(t.sql)).length).toBe(2);
  });

  it('appends new blobs, erases by key, and writes no blob twice', async () => {
    const t = await openTestDb();
    await migrate(t.sql);
    const lock = new StoreLock(t.sql);
    const store = await lock.run((db) => BlobStore.load(db));
    for (const n of [5, 3, 9]) store.put(hash(n), bytes(n));
    await lock.run((db) => store.flush(db));
    expect(await rows(t.sql)).toEqual([
      { id: 1, hash: hex(5) },
      { id: 2, hash: hex(3) },
      { id: 3, hash: hex(9) },
    ]);
    // Erased, then brought back before the next flush: the stored row stays, unduplicated.
    store.erase(hex(3));
    store.put(hash(3), bytes(3));
    expect(store.erase(hex(9))).toBe(true);
    store.put(hash(7), bytes(7));
    expect(await lock.run((db) => store.flush(db))).toBe(1);
    expect(await rows(t.sql)).toEqual([
      { id: 1, hash: hex(5) },
      { id: 2, hash: hex(3) },
      { id: 4, hash: hex(7) },
    ]);
    // A store loaded from the file continues after the highest key.
    const again = await lock.run((db) => BlobStore.load(db));
    again.put(hash(8), bytes(8));
    await lock.run((db) => again.flush(db));
    expect((await rows(t.sql)).at(-1)).toEqual({ id: 5, hash: hex(8) });
  });

  it('stores empty blobs, alone in a flush or beside others', async () => {
    const t = await openTestDb();
    await migrate(t.sql);
    const lock = new StoreLock(t.sql);
    const store = await lock.run((db) => BlobStore.load(db));
    store.put(hash(1), new Uint8Array(0));
    await lock.run((db) => store.flush(db));
    store.put(hash(2), new Uint8Array(0));
    store.put(hash(3), bytes(3));
    await lock.run((db) => store.flush(db));
    const again = await lock.run((db) => BlobStore.load(db));
    expect(again.get(hash(1))).toEqual(new Uint8Array(0));
    expect(again.get(hash(2))).toEqual(new Uint8Array(0));
    expect([...(again.get(hash(3)) ?? [])]).toEqual([...bytes(3)]);
  });

  it('removes a second row of a hash when loading, so an erasure leaves no copy', async () => {
    const t = await openTestDb();
    await migrate(t.sql);
    await t.sql.run('INSERT INTO chain_contents (hash, bytes) VALUES (?, ?), (?, ?), (?, ?)', [
      hex(1),
      bytes(1),
      hex(2),
      bytes(2),
      hex(1),
      bytes(1),
    ]);
    const lock = new StoreLock(t.sql);
    const store = await lock.run((db) => BlobStore.load(db));
    expect(await rows(t.sql)).toEqual([
      { id: 1, hash: hex(1) },
      { id: 2, hash: hex(2) },
    ]);
    store.erase(hex(1));
    await lock.run((db) => store.flush(db));
    expect(await rows(t.sql)).toEqual([{ id: 2, hash: hex(2) }]);
  });
});
