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
import { StoreService, type StoreOutlet, type StoreSetup } from '../../../workers/store/service.ts';
import type { DeviceId } from '@kiana/shared/ids';
import type { MemoriesChanged } from '../../../src/core/memory/types.ts';
import type { ChainIdentity } from '../../../src/core/api/store-types.ts';
import { deviceKeys } from '../chain/helpers.ts';

const require = createRequire(import.meta.url);
const wasmBinary = readFileSync(require.resolve('@journeyapps/wa-sqlite/dist/wa-sqlite.wasm'));

/** The signing identity of test device `n` (deterministic keys). */
export function identityOf(n: number): { device: DeviceId; identity: ChainIdentity } {
  const keys = deviceKeys(n);
  const identity = {
    signPublicKey: keys.signPublicKey,
    signSecretKey: keys.signSecretKey,
    boxPublicKey: keys.boxPublicKey,
    name: `Test device ${n}`,
  };
  return { device: keys.deviceId, identity };
}

export const { device: DEVICE, identity: IDENTITY } = identityOf(0);

export interface TestDb {
  api: SqliteApi;
  module: object;
  db: number;
  sql: Sql;
  /** The bytes of every file the database's VFS holds (the file, journals), for forensics. */
  files(): Uint8Array[];
}

/** A fresh SQLite instance with one empty in-memory database opened with URI support. */
export async function openTestDb(): Promise<TestDb> {
  const module = (await SQLiteESMFactory({ wasmBinary })) as object;
  const api = SQLite.Factory(module);
  const vfs = new MemoryVFS('test-main', module);
  api.vfs_register(vfs, false);
  const flags = SQLite.SQLITE_OPEN_CREATE | SQLite.SQLITE_OPEN_READWRITE | SQLite.SQLITE_OPEN_URI;
  const db = await api.open_v2('/kiana.db', flags, 'test-main');
  const files = (): Uint8Array[] =>
    [...(vfs.mapNameToFile as Map<string, { data: ArrayBuffer; size: number }>).values()].map(
      (f) => new Uint8Array(f.data.slice(0, f.size)),
    );
  return { api, module, db, sql: new Sql(api, db), files };
}

/** A store over a fresh in-memory database; `changes` collects the pushed events. */
export async function openTestStore(
  overrides: Partial<StoreSetup & StoreOutlet> = {},
  existing?: TestDb,
): Promise<{ store: StoreService; changes: MemoriesChanged[]; t: TestDb }> {
  const t = existing ?? (await openTestDb());
  const changes: MemoriesChanged[] = [];
  const store = await StoreService.create({
    api: t.api,
    module: t.module,
    db: t.db,
    device: DEVICE,
    identity: IDENTITY,
    vfs: 'memory',
    fallbackReason: null,
    ...overrides,
    emit: (name, data) => {
      if (name === 'memories.changed') changes.push(data as MemoriesChanged);
      overrides.emit?.(name, data);
    },
  });
  return { store, changes, t };
}
