/**
 * wa-sqlite's synchronous build runs in Node too (given the wasm bytes), so the store's SQL —
 * schema, migrations, FTS5, export and import — is tested here against the very SQLite build the
 * browser runs, on an in-memory VFS. Only the OPFS and IndexedDB VFSs need a browser.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import SQLiteESMFactory from '@journeyapps/wa-sqlite/dist/wa-sqlite.mjs';
import * as SQLite from '@journeyapps/wa-sqlite';
import { MemoryVFS } from '@journeyapps/wa-sqlite/src/examples/MemoryVFS.js';
import { Sql, type SqliteApi } from '../../../workers/store/sqlite.ts';
import { StoreService, type StoreSetup } from '../../../workers/store/service.ts';
import type { DeviceId } from '../../../src/core/ids.ts';
import type { MemoriesChanged } from '../../../src/core/memory/types.ts';

const require = createRequire(import.meta.url);
const wasmBinary = readFileSync(require.resolve('@journeyapps/wa-sqlite/dist/wa-sqlite.wasm'));

export const DEVICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa' as DeviceId;

export interface TestDb {
  api: SqliteApi;
  module: object;
  db: number;
  sql: Sql;
}

/** A fresh SQLite instance with one empty in-memory database opened with URI support. */
export async function openTestDb(): Promise<TestDb> {
  const module = (await SQLiteESMFactory({ wasmBinary })) as object;
  const api = SQLite.Factory(module);
  api.vfs_register(new MemoryVFS('test-main', module), false);
  const flags = SQLite.SQLITE_OPEN_CREATE | SQLite.SQLITE_OPEN_READWRITE | SQLite.SQLITE_OPEN_URI;
  const db = await api.open_v2('/kiana.db', flags, 'test-main');
  return { api, module, db, sql: new Sql(api, db) };
}

/** A store over a fresh in-memory database; `changes` collects the pushed events. */
export async function openTestStore(
  overrides: Partial<StoreSetup> = {},
  existing?: TestDb,
): Promise<{ store: StoreService; changes: MemoriesChanged[]; t: TestDb }> {
  const t = existing ?? (await openTestDb());
  const changes: MemoriesChanged[] = [];
  const store = await StoreService.create({
    api: t.api,
    module: t.module,
    db: t.db,
    device: DEVICE,
    vfs: 'memory',
    fallbackReason: null,
    onChange: (c) => changes.push(c),
    ...overrides,
  });
  return { store, changes, t };
}
