/**
 * The batched writes of a bulk put or an import chunk (tables/memories-batch.ts,
 * tables/chain-contents.ts): one statement for many rows must store exactly what one statement
 * per row stored — the same rows and bytes, the same FTS entries, stored rows left alone.
 */
import { describe, expect, it } from 'vitest';
import { StoreLock, type Locked } from '../../../workers/store/lock.ts';
import { migrate } from '../../../workers/store/migrations.ts';
import { insertContents, loadContents } from '../../../workers/store/tables/chain-contents.ts';
import { insertNewMemories } from '../../../workers/store/tables/memories-batch.ts';
import { writeMemory, type ShownRow } from '../../../workers/store/tables/memories.ts';
import { openTestDb } from './sqlite-node.ts';

async function withLocked<T>(fn: (db: Locked) => Promise<T>): Promise<T> {
  const { sql } = await openTestDb();
  await migrate(sql);
  return new StoreLock(sql).run(fn);
}

const row = (n: number, text: string, tags: string[] = []): ShownRow => ({
  id: `m${n}`,
  text,
  source: 'typed',
  tags: JSON.stringify(tags),
  device: 'aaaaaaaaaaaaaaaaaaaaaaaaaa',
  created_hlc: String(n).padStart(44, '0'),
  updated_hlc: String(n).padStart(44, '0'),
});

describe('batched memories insert', () => {
  it('inserts new rows exactly as one insert each would, and leaves stored rows alone', async () => {
    await withLocked(async (db) => {
      await writeMemory(db, row(1, 'stored before'));
      const text = "Grüße „quoted\" \\ back\\slash\nnew line 🦘 emoji, 'single' 𝔘";
      const rows = [row(1, 'must not overwrite'), row(2, text, ['Müller', 'a"b']), row(3, 'x')];
      const inserted = await insertNewMemories(db, rows);
      expect([...inserted].sort()).toEqual(['m2', 'm3']);
      const stored = await db.all<ShownRow & { seq: number }>(
        'SELECT seq, id, text, source, tags, device, created_hlc, updated_hlc FROM memories ORDER BY seq',
      );
      expect(stored.map(({ seq: _seq, ...r }) => r)).toEqual([
        row(1, 'stored before'),
        row(2, text, ['Müller', 'a"b']),
        row(3, 'x'),
      ]);
      // The FTS trigger ran for each new row: its words (and tags) are found.
      const hits = await db.all<{ id: string }>(
        `SELECT m.id FROM memories_fts JOIN memories m ON m.seq = memories_fts.rowid
         WHERE memories_fts MATCH ? ORDER BY m.seq`,
        ['"muller" OR "emoji"'],
      );
      expect(hits.map((h) => h.id)).toEqual(['m2']);
    });
  });

  it('splits a batch larger than one statement takes and still inserts every row', async () => {
    await withLocked(async (db) => {
      const long = 'lang '.repeat(19_000);
      const rows = Array.from({ length: 60 }, (_, n) => row(n, `${long}${n}`));
      expect((await insertNewMemories(db, rows)).size).toBe(60);
      const n = await db.get<{ n: number }>('SELECT count(*) AS n FROM memories');
      expect(n?.n).toBe(60);
      const last = await db.get<{ text: string }>("SELECT text FROM memories WHERE id = 'm59'");
      expect(last?.text).toBe(`${long}59`);
    });
  });
});

describe('batched blob insert', () => {
  it('stores every blob byte for byte under its key, across statements, keeping blobs stored before', async () => {
    await withLocked(async (db) => {
      const hex = (n: number) => n.toString(16).padStart(64, '0');
      const blob = (n: number, size: number) => {
        const bytes = new Uint8Array(size);
        for (let i = 0; i < size; i++) bytes[i] = (i * 31 + n) & 0xff;
        return bytes;
      };
      // Compared as Buffers: an element-wise deep equal of megabytes takes a minute.
      const same = (a: Uint8Array | undefined, b: Uint8Array) =>
        a !== undefined && Buffer.from(a).equals(Buffer.from(b));
      await insertContents(db, [{ id: 1, hash: hex(1), bytes: blob(1, 40) }]);
      // 3 MiB each: more than one statement's worth, so the batch is split.
      const blobs = [2, 3, 4, 5].map((n) => ({
        id: n,
        hash: hex(n),
        bytes: blob(n + 10, 3 * 2 ** 20),
      }));
      blobs.push({ id: 6, hash: hex(6), bytes: new Uint8Array([0, 0, 0, 1]) });
      await insertContents(db, blobs);
      const rows = await loadContents(db);
      expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
      const stored = new Map(rows.map((r) => [r.hash, r.bytes]));
      expect(same(stored.get(hex(1)), blob(1, 40))).toBe(true);
      for (const b of blobs) expect(same(stored.get(b.hash), b.bytes)).toBe(true);
    });
  });
});
