import { describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  SCHEMA_VERSION,
  migrate,
  planMigrations,
  schemaVersion,
  type Migration,
} from '../../../workers/store/migrations.ts';
import { KianaError } from '@kiana/shared/errors';
import { openTestDb, openTestStore } from './sqlite-node.ts';

const step = (version: number): Migration => ({ version, name: `v${version}`, up: 'SELECT 1' });

function codeOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof KianaError ? e.code : 'other';
  }
}

describe('migration planning', () => {
  it('plans the steps after the current version, in order', () => {
    const list = [step(1), step(2), step(3)];
    expect(planMigrations(list, 0).map((m) => m.version)).toEqual([1, 2, 3]);
    expect(planMigrations(list, 2).map((m) => m.version)).toEqual([3]);
    expect(planMigrations(list, 3)).toEqual([]);
  });

  it('refuses a list with gaps, repeats or disorder', () => {
    expect(codeOf(() => planMigrations([step(1), step(3)], 0))).toBe('internal');
    expect(codeOf(() => planMigrations([step(1), step(1)], 0))).toBe('internal');
    expect(codeOf(() => planMigrations([step(2), step(1)], 0))).toBe('internal');
  });

  it('refuses a database newer than the app', () => {
    expect(codeOf(() => planMigrations([step(1)], 2))).toBe('storage-too-new');
    expect(codeOf(() => planMigrations([step(1)], -1))).toBe('storage-corrupt');
  });

  it('ships a well-formed list', () => {
    expect(planMigrations(MIGRATIONS, 0)).toHaveLength(SCHEMA_VERSION);
  });
});

describe('migrations on a real SQLite', () => {
  it('roll a failing step back completely, version included', async () => {
    const { sql } = await openTestDb();
    const list: Migration[] = [
      { version: 1, name: 'ok', up: 'CREATE TABLE a (x INTEGER)' },
      { version: 2, name: 'fails half-way', up: 'CREATE TABLE b (x INTEGER); SELECT * FROM nope' },
    ];
    await expect(migrate(sql, list)).rejects.toBeInstanceOf(KianaError);
    expect(await schemaVersion(sql)).toBe(1);
    const tables = await sql.all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table'",
    );
    expect(tables.map((t) => t.name)).toEqual(['a']);
  });

  for (let from = 0; from < SCHEMA_VERSION; from++) {
    it(`upgrade a version ${from} database with data to version ${SCHEMA_VERSION}`, async () => {
      const t = await openTestDb();
      await migrate(t.sql, MIGRATIONS, from);
      expect(await schemaVersion(t.sql)).toBe(from);
      if (from >= 1) {
        await t.sql.run(
          `INSERT INTO memories (id, text, source, tags, device, created_hlc, updated_hlc)
           VALUES ('old1', 'Grüße von Müller', 'typed', '["alt"]', 'aaaaaaaaaaaaaaaaaaaaaaaaaa',
                   '000000000001.0000.aaaaaaaaaaaaaaaaaaaaaaaaaa',
                   '000000000001.0000.aaaaaaaaaaaaaaaaaaaaaaaaaa')`,
        );
      }
      const { store } = await openTestStore({}, t);
      expect(await schemaVersion(t.sql)).toBe(SCHEMA_VERSION);
      if (from >= 1) {
        expect((await store.get({ id: 'old1' as never, includeDeleted: false }))?.text).toBe(
          'Grüße von Müller',
        );
        // Rows from before the FTS step are indexed by its rebuild.
        const found = await store.search({ query: 'muller', limit: 10 });
        expect(found.hits.map((h) => h.memory.id)).toEqual(['old1']);
      }
      const integrity = await t.sql.all('PRAGMA integrity_check');
      expect(integrity).toEqual([{ integrity_check: 'ok' }]);
    });
  }
});
