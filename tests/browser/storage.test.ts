/**
 * The store in a real Chromium through the real companion (COOP/COEP): SQLite on OPFS, FTS5,
 * export/import, quota, the IndexedDB fallback and migrations of a database left by an older
 * version. Multi-tab ownership is in storage-tabs.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMemoryId } from '@kiana/shared/ids';
import { MARK_END, MARK_START } from '../../src/core/memory/snippet.ts';
import { MIGRATIONS, SCHEMA_VERSION, migrate } from '../../workers/store/migrations.ts';
import { MemFiles } from '../../workers/store/mem-files.ts';
import { openTestDb } from '../unit/storage/sqlite-node.ts';
import { startCompanion, type CompanionProcess } from './companion-process.ts';
import { launchDevice, openApp, type Device } from './devices.ts';
import { call, codeOf, exportBytes, importBytes, storeReady } from './storage-rpc.ts';

let companion: CompanionProcess;
let device: Device;

beforeAll(async () => {
  companion = await startCompanion();
  device = await launchDevice({ name: 'laptop' });
});

afterAll(async () => {
  await device.dispose();
  await companion.stop();
});

async function app(d: Device = device, path = '/'): Promise<Device['page']> {
  const page = await openApp(d, companion.url, path);
  await storeReady(page);
  return page;
}

const put = (page: Device['page'], text: string, tags: string[] = []) =>
  call(page, 'memories.put', { id: newMemoryId(), text, source: 'typed', tags });

describe('the store on OPFS', () => {
  it('opens SQLite on OPFS with WAL in a cross-origin isolated page', async () => {
    const page = await app();
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const stats = await call(page, 'db.stats', undefined);
    expect(stats).toMatchObject({
      vfs: 'OPFSCoopSyncVFS',
      fallback: null,
      journalMode: 'wal',
      schemaVersion: SCHEMA_VERSION,
    });
  });

  it('keeps a saved memory across a reload', async () => {
    const page = await app();
    const saved = await put(page, 'Remember the milk', ['shopping']);
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    await storeReady(page);
    expect(await call(page, 'memories.get', { id: saved.id })).toEqual(saved);
    const later = await put(page, 'written after the reload');
    const list = await call(page, 'memories.list', { offset: 0, limit: 5 });
    expect(list.rows.slice(0, 2).map((r) => r.id)).toEqual([later.id, saved.id]);
    // The device identity (keys in IndexedDB) survives the reload too.
    expect(later.device).toBe(saved.device);
    expect(later.device).toMatch(/^[a-z2-7]{26}$/);
  });

  it('edits, deletes and restores a memory', async () => {
    const page = await app();
    const m = await put(page, 'draft');
    const before = await call(page, 'memories.count', {});
    const edited = await call(page, 'memories.edit', { id: m.id, text: 'final', tags: ['done'] });
    expect(edited).toMatchObject({ text: 'final', tags: ['done'] });
    await call(page, 'memories.delete', { id: m.id });
    expect(await call(page, 'memories.count', {})).toBe(before - 1);
    expect(await call(page, 'memories.get', { id: m.id })).toBeNull();
    const restored = await call(page, 'memories.undelete', { id: m.id });
    expect(restored).toMatchObject({ text: 'final', deleted: false });
    expect(await call(page, 'memories.count', {})).toBe(before);
  });

  it('finds umlauts without them, phrases and prefixes, with safe highlight markers', async () => {
    const page = await app();
    const muller = await put(page, 'Rückruf von Frau Müller wegen der Rechnung');
    await put(page, 'Müll rausbringen');
    const ids = async (query: string) =>
      (await call(page, 'memories.search', { query, limit: 20 })).hits.map((h) => h.memory.id);
    expect(await ids('muller')).toEqual([muller.id]);
    expect(await ids('"frau muller"')).toEqual([muller.id]);
    expect(await ids('"muller frau"')).toEqual([]);
    expect(await ids('ruckr*')).toEqual([muller.id]);
    const [hit] = (await call(page, 'memories.search', { query: 'Muller', limit: 1 })).hits;
    expect(hit?.snippet).toContain(`${MARK_START}Müller${MARK_END}`);
    // Raw FTS5 syntax typed by a person is searched for, never executed or rejected.
    for (const raw of ['"unclosed', 'a AND OR', 'text:x', 'NEAR(', '***', '-']) {
      expect(await codeOf(page, 'memories.search', { query: raw, limit: 5 })).toBe('ok');
    }
  });

  it('refuses malformed calls at the worker boundary', async () => {
    const page = await app();
    const bad = { id: 'not valid!', text: '', source: 'psychic' } as never;
    expect(await codeOf(page, 'memories.put', bad)).toBe('bad-message');
    expect(await codeOf(page, 'memories.edit', { id: newMemoryId(), text: 'x' })).toBe('not-found');
  });
});

describe('export and import', () => {
  it('exports a file the sqlite3 CLI opens and checks as ok, with the memories inside', async () => {
    const page = await app();
    const m = await put(page, 'exported Grüße');
    const bytes = await exportBytes(page);
    const file = join(mkdtempSync(join(tmpdir(), 'kiana-export-')), 'kiana.db');
    writeFileSync(file, bytes);
    if (!existsSync('/usr/bin/sqlite3')) return;
    const sqlite = (q: string) => execFileSync('sqlite3', [file, q], { encoding: 'utf8' }).trim();
    expect(sqlite('PRAGMA integrity_check')).toBe('ok');
    expect(sqlite(`SELECT text FROM memories WHERE id = '${m.id}'`)).toBe('exported Grüße');
  });

  it('refuses a corrupt file and leaves the database unchanged', async () => {
    const page = await app();
    await put(page, 'must survive');
    const before = await call(page, 'memories.list', { offset: 0, limit: 500 });
    const bytes = await exportBytes(page);
    const corrupt = bytes.slice();
    for (let i = 4096; i < corrupt.length; i += 61) corrupt[i] = 0xa5;
    const garbage = new TextEncoder().encode('PK\u0003\u0004 not a database'.repeat(100));
    for (const file of [corrupt, garbage, bytes.slice(0, 1000)]) {
      await expect(importBytes(page, file)).rejects.toMatchObject({ code: 'import-invalid' });
    }
    expect(await call(page, 'memories.list', { offset: 0, limit: 500 })).toEqual(before);
  });

  it('imports its own export as a no-op and another database as a merge', async () => {
    const page = await app();
    const own = await importBytes(page, await exportBytes(page));
    expect(own).toMatchObject({ added: 0, updated: 0, skipped: 0 });

    const other = await launchDevice({ name: 'other' });
    try {
      const otherPage = await app(other);
      const theirs = await put(otherPage, 'written on the other device');
      const result = await importBytes(page, await exportBytes(otherPage));
      expect(result).toMatchObject({ added: 1, updated: 0 });
      expect((await call(page, 'memories.get', { id: theirs.id }))?.text).toBe(
        'written on the other device',
      );
    } finally {
      await other.dispose();
    }
  });
});

describe('failure and fallback', () => {
  it('reports storage-quota when the origin runs out of space, and recovers', async () => {
    const quota = await launchDevice({ name: 'full-phone' });
    try {
      const page = await app(quota);
      await put(quota.page, 'before the disk filled up');
      const count = await call(page, 'memories.count', {});
      const cdp = await quota.context.newCDPSession(page);
      const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage);
      const origin = new URL(companion.url).origin;
      await cdp.send('Storage.overrideQuotaForOrigin', {
        origin,
        quotaSize: (usage ?? 0) + 256 * 1024,
      });
      const big = 'x'.repeat(90_000);
      let code = 'ok';
      for (let i = 0; i < 20 && code === 'ok'; i++) {
        code = await codeOf(page, 'memories.put', {
          id: newMemoryId(),
          text: big,
          source: 'typed',
        });
      }
      expect(code).toBe('storage-quota');
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
      expect(await call(page, 'memories.count', {})).toBeGreaterThanOrEqual(count);
      await put(page, 'after space was freed');
      const check = await call(page, 'memories.search', { query: 'freed', limit: 1 });
      expect(check.hits).toHaveLength(1);
    } finally {
      await quota.dispose();
    }
  });

  it('falls back to IndexedDB when asked (?vfs=idb) and says so', async () => {
    const old = await launchDevice({ name: 'old-browser' });
    try {
      const page = await app(old, '/?vfs=idb');
      const stats = await call(page, 'db.stats', undefined);
      expect(stats).toMatchObject({ vfs: 'IDBBatchAtomicVFS', fallback: 'indexeddb' });
      const m = await put(page, 'stored in IndexedDB, Müller');
      await page.reload();
      await page.waitForSelector('html[data-ready="true"]');
      await storeReady(page);
      expect(
        (await call(page, 'memories.search', { query: 'muller', limit: 5 })).hits[0]?.memory.id,
      ).toBe(m.id);
    } finally {
      await old.dispose();
    }
  });
});

describe('migrations', () => {
  for (let version = 1; version < SCHEMA_VERSION; version++) {
    it(`upgrades a database left at schema version ${version}`, async () => {
      const fixture = await oldDatabase(version);
      const d = await launchDevice({ name: `v${version}` });
      try {
        // Plant the old file where OPFSCoopSyncVFS keeps the database, before the app opens it.
        await d.page.goto(`${companion.url}/manifest.webmanifest`);
        await d.page.evaluate(async (b64) => {
          const bin = atob(b64);
          const bytes = new Uint8Array(bin.length);
          for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
          const root = await navigator.storage.getDirectory();
          const file = await root.getFileHandle('kiana.db', { create: true });
          const writable = await file.createWritable();
          await writable.write(bytes);
          await writable.close();
        }, Buffer.from(fixture).toString('base64'));
        const page = await app(d);
        expect(await call(page, 'db.stats', undefined)).toMatchObject({
          schemaVersion: SCHEMA_VERSION,
          count: 1,
        });
        const hits = (await call(page, 'memories.search', { query: 'muller', limit: 5 })).hits;
        expect(hits.map((h) => h.memory.text)).toEqual([`written at schema ${version} by Müller`]);
      } finally {
        await d.dispose();
      }
    });
  }
});

/** A database file at `version` with one memory, made with the same SQLite build in Node. */
async function oldDatabase(version: number): Promise<Uint8Array> {
  const t = await openTestDb();
  await migrate(t.sql, MIGRATIONS, version);
  const hlc = '000000000001.0000.aaaaaaaaaaaaaaaaaaaaaaaaaa';
  await t.sql.run(
    `INSERT INTO memories (id, text, source, tags, device, created_hlc, updated_hlc)
     VALUES ('old', ?, 'typed', '[]', 'aaaaaaaaaaaaaaaaaaaaaaaaaa', ?, ?)`,
    [`written at schema ${version} by Müller`, hlc, hlc],
  );
  const mem = MemFiles.register(t.api, t.module);
  const path = mem.tempPath('fixture');
  await t.sql.exec(`VACUUM INTO '${mem.uri(path)}'`);
  const bytes = mem.read(path);
  if (!bytes) throw new Error('VACUUM INTO wrote nothing');
  return bytes;
}
