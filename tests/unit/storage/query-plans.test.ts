/**
 * The store never runs ANALYZE, so SQLite plans without statistics. For lookups by id it then
 * preferred the `memories_live (deleted, created_hlc)` index on `deleted = 0`, walking every live
 * memory per call: `vectors.nearest` took 10 ms of its 12 at 20k memories, and the hybrid search
 * paid the same for its keyword check. These tests run the statements the store really issues
 * through EXPLAIN QUERY PLAN on the real schema and SQLite build.
 */
import { describe, expect, it } from 'vitest';
import type { Locked } from '../../../workers/store/lock.ts';
import { getMemories } from '../../../workers/store/tables/memories.ts';
import { matchingIds } from '../../../workers/store/tables/memory-search.ts';
import { liveWithVectors } from '../../../workers/store/tables/memory-vectors.ts';
import type { SqlParams } from '../../../workers/store/sqlite.ts';
import { openTestStore } from './sqlite-node.ts';

interface Issued {
  sql: string;
  params: SqlParams | undefined;
}

/** A handle that runs statements on `t` and remembers each one. */
async function recording(): Promise<{
  db: Locked;
  issued: Issued[];
  plan: (i: Issued) => Promise<string>;
}> {
  const { t } = await openTestStore();
  const issued: Issued[] = [];
  const db = {
    all: (sql: string, params?: SqlParams) => {
      issued.push({ sql, params });
      return t.sql.all(sql, params);
    },
    get: async (sql: string, params?: SqlParams) => {
      issued.push({ sql, params });
      return (await t.sql.all(sql, params))[0];
    },
  } as unknown as Locked;
  const plan = async ({ sql, params }: Issued) =>
    (await t.sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params))
      .map((r) => r.detail)
      .join('\n');
  return { db, issued, plan };
}

describe('query plans without statistics', () => {
  it('checks neighbours by a lookup per id, never by walking the live index or every vector', async () => {
    const { db, issued, plan } = await recording();
    // nearest checks twice its 10; the hybrid search its pool (again for twice as many).
    for (const n of [20, 400]) {
      await liveWithVectors(
        db,
        'model',
        Array.from({ length: n }, (_, i) => `m${i}`),
      );
    }
    expect(issued).toHaveLength(2);
    for (const lookup of issued) {
      const text = await plan(lookup);
      // The covering index of v11: the memory's row (and its text) is never read.
      expect(text).toMatch(/SEARCH m USING COVERING INDEX memories_live_by_id \(id=\?\)/);
      expect(text).toMatch(
        /SEARCH v USING (COVERING )?INDEX sqlite_autoindex_memory_vectors_1 \(memory_id=\? AND model=\?\)/,
      );
      expect(text).not.toMatch(/memories_live\b|SCAN (m|v)\b/);
    }
  });

  it('reads a page of memories and checks word matches by id and rowid', async () => {
    const { db, issued, plan } = await recording();
    const ids = Array.from({ length: 50 }, (_, i) => `m${i}`);
    await getMemories(db, ids);
    await matchingIds(db, '"word"', new Map(ids.map((id, i) => [id, i + 1])));
    expect(issued).toHaveLength(2);
    const [read, words] = issued as [Issued, Issued];
    expect(await plan(read)).toMatch(
      /SEARCH memories USING INDEX sqlite_autoindex_memories_1 \(id=\?\)/,
    );
    expect(await plan(words)).toMatch(/SCAN memories_fts VIRTUAL TABLE INDEX/);
    expect(await plan(words)).not.toMatch(/SCAN memories\b/);
  });
});
