import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MemoryId } from '@kiana/shared/ids';
import { KianaError } from '@kiana/shared/errors';
import type { StoreService } from '../../../workers/store/service.ts';
import type { ImportProgress } from '../../../src/core/api/store-types.ts';
import { openTestStore } from './sqlite-node.ts';

const id = (s: string): MemoryId => s as MemoryId;
const HOUR = 60 * 60 * 1000;

async function seeded(texts: string[], now = () => Date.now()): Promise<StoreService> {
  const { store } = await openTestStore({ now });
  for (const [i, text] of texts.entries()) {
    await store.put({ id: id(`m${i}`), text, source: 'typed', tags: [] });
  }
  return store;
}

/** Runs SQL on `bytes` with the sqlite3 CLI (a different SQLite than ours) and returns the file. */
function crafted(bytes: Uint8Array | null, sql: string): Uint8Array {
  const file = join(mkdtempSync(join(tmpdir(), 'kiana-crafted-')), 'x.db');
  if (bytes) writeFileSync(file, bytes);
  execFileSync('sqlite3', [file], { input: sql });
  return new Uint8Array(readFileSync(file));
}

/**
 * Imports `bytes`; returns the error code (or 'ok') and the CPU time it took. CPU time, not wall
 * time: on a shared 2-core machine a wall clock measures the neighbours; the CPU this process
 * spent is what a view of millions of rows would have cost (seconds of it).
 */
async function timedImport(store: StoreService, bytes: Uint8Array) {
  const started = process.cpuUsage();
  let code = 'ok';
  try {
    await store.importBytes(bytes);
  } catch (e) {
    code = e instanceof KianaError ? e.code : String(e);
  }
  const used = process.cpuUsage(started);
  return { code, ms: (used.user + used.system) / 1000 };
}

async function state(store: StoreService): Promise<unknown> {
  const info = await store.chainInfo();
  const list = await store.list({ offset: 0, limit: 500, includeDeleted: true });
  return { head: info.head, height: info.height, list };
}

/** Imports `bytes` into a store with one memory: refused in < 100 ms, nothing changed. */
async function expectRefusedQuickly(bytes: Uint8Array): Promise<void> {
  const target = await seeded(['keep me']);
  const before = await state(target);
  const { code, ms } = await timedImport(target, bytes);
  expect(code).toBe('import-invalid');
  expect(ms, `refused after ${Math.round(ms)} ms`).toBeLessThan(100);
  expect(await state(target)).toEqual(before);
}

describe('import and the clock', () => {
  it('a file dated hours ahead leaves later saves working', { timeout: 30_000 }, async () => {
    const now = Date.now();
    const future = await seeded(['written by a clock five hours fast'], () => now + 5 * HOUR);
    const target = await seeded([], () => now);
    const result = await target.importBytes(await future.exportBytes());
    expect(result).toMatchObject({ added: 1, redated: 1, skipped: 0 });

    const saved = await target.put({
      id: id('later'),
      text: 'saved after',
      source: 'typed',
      tags: [],
    });
    expect(saved.text).toBe('saved after');
    const edited = await target.edit({ id: id('m0'), text: 'edited after' });
    expect(edited.text).toBe('edited after');
    // Nothing was left waiting for a block (tx-future): every write is on the chain.
    expect((await target.chainInfo()).pending).toBe(0);
    const hlcWall = parseInt(saved.updatedHlc.slice(0, 12), 16);
    expect(hlcWall).toBeLessThan(now + 10 * 60 * 1000);
  });
});

describe('import of crafted files', () => {
  it(
    'refuses a file whose memories is a VIEW in under 100 ms, unchanged',
    { timeout: 10_000 },
    async () => {
      // A real export whose memories table became a view of 20 million computed rows.
      const real = await (await seeded(['a'])).exportBytes();
      const view = crafted(
        real,
        `DROP TABLE memories;
       CREATE VIEW memories AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n
         LIMIT 20000000)
       SELECT x AS seq, 'm' || x AS id, 'text ' || x AS text, 'typed' AS source, '[]' AS tags,
         'aaaaaaaaaaaaaaaaaaaaaaaaaa' AS device,
         printf('%012x.0000.aaaaaaaaaaaaaaaaaaaaaaaaaa', x) AS created_hlc,
         printf('%012x.0000.aaaaaaaaaaaaaaaaaaaaaaaaaa', x) AS updated_hlc, 0 AS deleted FROM n;
       VACUUM;`,
      );
      expect(view.byteLength).toBeLessThan(real.byteLength);
      await expectRefusedQuickly(view);
    },
  );

  it('refuses a real export with a trigger added in under 100 ms, unchanged', async () => {
    const real = await (await seeded(['a', 'b'])).exportBytes();
    const withTrigger = crafted(
      real,
      `CREATE TRIGGER evil AFTER INSERT ON meta BEGIN DELETE FROM memories; END;`,
    );
    await expectRefusedQuickly(withTrigger);
  });

  it('refuses extra tables, views, indexes and a changed memories table', async () => {
    const real = await (await seeded(['a'])).exportBytes();
    const target = await seeded(['keep me']);
    const before = await state(target);
    const changes = [
      'CREATE TABLE extra (x);',
      'CREATE VIEW v AS SELECT 1;',
      'CREATE INDEX memories_text ON memories (text);',
      // A generated column yields any number of bytes from a few stored ones.
      `ALTER TABLE meta ADD COLUMN big TEXT GENERATED ALWAYS AS (printf('%.*c', 99999, 'x'));`,
      'CREATE VIRTUAL TABLE s USING fts5(x);',
    ];
    for (const change of changes) {
      expect((await timedImport(target, crafted(real, change))).code, change).toBe(
        'import-invalid',
      );
    }
    expect(await state(target)).toEqual(before);
  });
});

describe('import in chunks', () => {
  it('answers searches between chunks and reports progress', { timeout: 60_000 }, async () => {
    const source = await seeded([]);
    const items = Array.from({ length: 1000 }, (_, i) => ({
      id: id(`big${i}`),
      text: `imported note number ${i}`,
      source: 'typed' as const,
      tags: [],
    }));
    await source.putMany(items);
    const bytes = await source.exportBytes();
    const target = await seeded(['local needle']);

    const progress: ImportProgress[] = [];
    const events: string[] = [];
    const importing = target
      .importBytes(bytes, (p) => {
        progress.push(p);
        events.push('progress');
      })
      .then((r) => (events.push('imported'), r));
    // Searches sent while the import runs are answered before it ends.
    const searches = (async () => {
      while (!events.includes('imported')) {
        const hits = (await target.search({ query: 'needle', limit: 5 })).hits.length;
        events.push(`search:${hits}`);
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    })();
    const result = await importing;
    await searches;
    expect(result).toMatchObject({ added: 1000, skipped: 0, redated: 0 });
    const firstSearch = events.indexOf('search:1');
    expect(firstSearch).toBeGreaterThanOrEqual(0);
    expect(firstSearch).toBeLessThan(events.indexOf('imported'));
    expect(progress.at(0)).toEqual({ done: 0, total: 1000 });
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress.at(-1)).toEqual({ done: 1000, total: 1000 });
    expect(await target.count({ includeDeleted: false })).toBe(1001);
  });
});
