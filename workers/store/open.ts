/**
 * Opens the live database in the browser: SQLite (wa-sqlite) on OPFS when the browser offers
 * synchronous access handles, otherwise on IndexedDB. The choice and the reason for a fallback are
 * reported in `db.stats`, so the UI can show a banner. See docs/ARCHITECTURE.md, "Storage", for
 * why OPFSCoopSyncVFS is the default.
 */
import * as SQLite from '@journeyapps/wa-sqlite';
import { KianaError } from '@kiana/shared/errors';
import type { ArgsOut } from '../../src/core/api/contract.ts';
import type { StoreContract } from '../../src/core/api/store.ts';
import type { VfsName } from '../../src/core/api/store-types.ts';
import { StoreService, type StoreOutlet } from './service.ts';

/**
 * Arguments of `db.open`: the device, its keys and name to sign with, and which storage to use
 * (`auto` tries OPFS and falls back; the rest force one, for tests and benches).
 */
export type OpenArgs = ArgsOut<StoreContract['db.open']>;

/** The database's file name (OPFS path for OPFSCoopSyncVFS, IndexedDB key otherwise). */
const DB_FILE = 'kiana.db';
const OPEN_FLAGS =
  SQLite.SQLITE_OPEN_CREATE | SQLite.SQLITE_OPEN_READWRITE | SQLite.SQLITE_OPEN_URI;
/** SQLite's page cache of the store's connection: 32 MiB (a negative `cache_size` is in KiB). */
const PAGE_CACHE_KIB = -32 * 1024;

interface Opened {
  api: SQLiteAPI;
  module: object;
  db: number;
  vfs: VfsName;
  lastVfsError: () => unknown;
}

/** Reads and clears a VFS's last swallowed exception, so a stale one never misleads later. */
function lastErrorOf(vfs: object): () => unknown {
  return () => {
    const holder = vfs as { lastError?: unknown };
    const error = holder.lastError;
    holder.lastError = null;
    return error;
  };
}

/** True when this worker can use OPFS synchronous access handles at all. */
export function opfsSupported(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    'storage' in navigator &&
    typeof navigator.storage.getDirectory === 'function' &&
    typeof FileSystemFileHandle !== 'undefined' &&
    'createSyncAccessHandle' in FileSystemFileHandle.prototype
  );
}

async function openOpfs(kind: 'coop' | 'ahp'): Promise<Opened> {
  if (!opfsSupported()) throw new Error('OPFS synchronous access handles are not available');
  // Probe first: private windows in some browsers expose the API but refuse to use it.
  await navigator.storage.getDirectory();
  const { default: factory } = await import('@journeyapps/wa-sqlite/dist/wa-sqlite.mjs');
  const module = (await factory()) as object;
  const api = SQLite.Factory(module);
  let vfs: SQLiteVFS;
  let name: VfsName;
  if (kind === 'coop') {
    const { OPFSCoopSyncVFS } =
      await import('@journeyapps/wa-sqlite/src/examples/OPFSCoopSyncVFS.js');
    vfs = await OPFSCoopSyncVFS.create('kiana-opfs', module);
    name = 'OPFSCoopSyncVFS';
  } else {
    const { AccessHandlePoolVFS } =
      await import('@journeyapps/wa-sqlite/src/examples/AccessHandlePoolVFS.js');
    vfs = await AccessHandlePoolVFS.create('.kiana-ahp', module);
    name = 'AccessHandlePoolVFS';
  }
  api.vfs_register(vfs, true);
  const db = await api.open_v2(DB_FILE, OPEN_FLAGS, vfs.name);
  // One connection per browser (the elected tab's worker), so exclusive locking costs nothing
  // and lets WAL work without shared memory, which these VFSs do not provide.
  await api.exec(db, 'PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL;');
  // SQLite's default page cache is 2 MB. At 100k memories the pages every search touches (the
  // id indexes of memories and vectors, FTS5's doclists of common terms) are tens of MB, so each
  // lookup went back to OPFS through the VFS (the IndexedDB path above pays more per miss).
  // 32 MiB is a small share of what the vector index takes at that size (~190 MB), and a small
  // collection never fills it.
  await api.exec(db, `PRAGMA cache_size = ${PAGE_CACHE_KIB}`);
  return { api, module, db, vfs: name, lastVfsError: lastErrorOf(vfs) };
}

async function openIdb(): Promise<Opened> {
  if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
  // IndexedDB is asynchronous, so this path needs the (larger, slower) Asyncify build.
  const { default: factory } = await import('@journeyapps/wa-sqlite/dist/wa-sqlite-async.mjs');
  const module = (await factory()) as object;
  const api = SQLite.Factory(module);
  const { IDBBatchAtomicVFS } =
    await import('@journeyapps/wa-sqlite/src/examples/IDBBatchAtomicVFS.js');
  // The package declares this class with an outdated constructor; `create` is what it ships.
  const Vfs = IDBBatchAtomicVFS as unknown as {
    create(name: string, module: object, options?: { idbName?: string }): Promise<SQLiteVFS>;
  };
  const vfs = await Vfs.create('kiana-idb', module, { idbName: 'kiana-sqlite' });
  api.vfs_register(vfs, true);
  const db = await api.open_v2(DB_FILE, OPEN_FLAGS, vfs.name);
  // Each page the cache misses is an IndexedDB read here: more so than with OPFS (below).
  await api.exec(db, `PRAGMA cache_size = ${PAGE_CACHE_KIB}`);
  return { api, module, db, vfs: 'IDBBatchAtomicVFS', lastVfsError: lastErrorOf(vfs) };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Opens the store with the requested VFS. `auto` falls back to IndexedDB when OPFS fails and
 * records why; a forced choice that fails is `storage-unavailable`.
 */
export async function openStore(args: OpenArgs, outlet: StoreOutlet): Promise<StoreService> {
  let opened: Opened;
  let fallbackReason: string | null = null;
  try {
    if (args.vfs === 'idb') {
      fallbackReason = 'IndexedDB was requested (?vfs=idb)';
      opened = await openIdb();
    } else if (args.vfs === 'auto') {
      try {
        opened = await openOpfs('coop');
      } catch (error) {
        fallbackReason = `OPFS unavailable: ${describe(error)}`;
        console.warn('[store] falling back to IndexedDB:', fallbackReason);
        opened = await openIdb();
      }
    } else {
      opened = await openOpfs(args.vfs);
    }
  } catch (error) {
    if (error instanceof KianaError) throw error;
    throw new KianaError('storage-unavailable', `cannot open the database: ${describe(error)}`, {
      cause: error,
    });
  }
  return StoreService.create({
    ...opened,
    device: args.device,
    identity: args.identity,
    fallbackReason,
    emit: outlet.emit,
  });
}
