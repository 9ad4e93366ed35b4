/**
 * The store never runs ANALYZE, so SQLite plans without statistics. For lookups by id it then
 * preferred the `memories_live (deleted, created_hlc)` index on `deleted = 0`, walking every live
 * memory per call: `vectors.nearest` took 10 ms of its 12 at 20k memories, and the hybrid search
 * paid the same for its keyword check. These tests run the statements the store really issues
 * through EXPLAIN QUERY PLAN on the real schema and SQLite build.
 */
import { describe, expect, it } from 'vitest';
import type { Locked } from '../../../workers/store/lock.ts';
import { liveIds } from '../../../workers/store/tables/memories.ts';
import { matchingIds } from '../../../workers/store/tables/memory-search.ts';
import { withVectors } from '../../../workers/store/tables/memory-vectors.ts';
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
  it('looks up vectors by memory id, not by walking every vector of the model', async () => {
    const { db, issued, plan } = await recording();
    // The hybrid search checks twice its pool of 200 neighbours; nearest twice its 10.
    for (const n of [20, 400]) {
      await withVectors(
        db,
        'model',
        Array.from({ length: n }, (_, i) => `m${i}`),
      );
    }
    expect(issued).toHaveLength(2);
    for (const lookup of issued) {
      const text = await plan(lookup);
      expect(text).toMatch(
        /SEARCH memory_vectors USING (COVERING )?INDEX sqlite_autoindex_memory_vectors_1 \(memory_id=\? AND model=\?\)/,
      );
    }
  });

  it('looks up live memories by id, not by walking the live index', async () => {
    const { db, issued, plan } = await recording();
    // As many ids as the searches check: twice the 10 nearest, and a page of 50.
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`);
    await liveIds(db, ids(20));
    await matchingIds(db, '"word"', ids(50));
    const lookups = issued.filter((i) => /FROM memories WHERE/.test(i.sql));
    expect(lookups).toHaveLength(2);
    for (const lookup of lookups) {
      const text = await plan(lookup);
      expect(text).toMatch(/SEARCH memories USING INDEX sqlite_autoindex_memories_1 \(id=\?\)/);
      expect(text).not.toMatch(/memories_live/);
    }
  });
});
