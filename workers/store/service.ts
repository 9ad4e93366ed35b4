/**
 * The store: one open database with its clock, scratch files and a mutex that serialises every
 * call, because two interleaved async calls on one SQLite connection would mix their
 * transactions. Knows nothing about VFS choice or messaging; `open.ts` builds it in the browser,
 * the unit tests build it over an in-memory database.
 */
import { KianaError } from '../../src/core/errors.ts';
import { HlcClock, decodeHlc, isHlcString } from '../../src/core/hlc.ts';
import type { DeviceId, MemoryId } from '../../src/core/ids.ts';
import type {
  CountArgs,
  EditArgs,
  GetArgs,
  ListArgs,
  ListResult,
  Memory,
  MemoriesChanged,
  PutArgs,
  SearchArgs,
  SearchResult,
} from '../../src/core/memory/types.ts';
import { MemFiles } from './mem-files.ts';
import * as q from './memories.ts';
import { SCHEMA_VERSION, migrate } from './migrations.ts';
import { Mutex, Sql, type SqliteApi } from './sqlite.ts';
import { exportDatabase, importDatabase, type ImportResult } from './transfer.ts';
import type { HybridArgs } from './hybrid.ts';
import { VectorStore } from './vector-store.ts';
import type {
  HybridResult,
  PendingText,
  VectorCoverage,
  VectorItem,
} from '../../src/core/embedding/types.ts';

/** Which storage holds the database. */
export type VfsName = 'OPFSCoopSyncVFS' | 'AccessHandlePoolVFS' | 'IDBBatchAtomicVFS' | 'memory';

/** What `db.stats` reports. */
export interface StoreStats {
  readonly count: number;
  readonly deleted: number;
  readonly pageSize: number;
  readonly pageCount: number;
  readonly freePages: number;
  /** Bytes the database file occupies (page size × page count). */
  readonly fileSize: number;
  readonly vfs: VfsName;
  /** Set when OPFS was not available and IndexedDB holds the database instead. */
  readonly fallback: 'indexeddb' | null;
  /** Why the fallback was taken (for the banner and for bug reports). */
  readonly fallbackReason: string | null;
  readonly journalMode: string;
  readonly schemaVersion: number;
  readonly sqliteVersion: string;
}

/** How the store was opened, reported in stats. */
export interface StoreSetup {
  readonly api: SqliteApi;
  readonly module: object;
  readonly db: number;
  readonly device: DeviceId;
  readonly vfs: VfsName;
  readonly fallbackReason: string | null;
  readonly lastVfsError?: () => unknown;
  readonly now?: () => number;
  /** Pushes `memories.changed` to every tab. */
  readonly onChange?: (change: MemoriesChanged) => void;
}

/** True when the SQLite build lists FTS5 among its compile options. */
export function hasFts5(compileOptions: readonly string[]): boolean {
  return compileOptions.some((o) => o.toUpperCase() === 'ENABLE_FTS5');
}

export class StoreService {
  private readonly mutex = new Mutex();
  /**
   * Counts by `includeDeleted`, dropped on every change. A virtual list asks for a window (and
   * the total) on every scroll; counting 100k rows costs ~30 ms, the window itself ~1 ms.
   */
  private readonly counts = new Map<boolean, number>();
  private readonly vectors: VectorStore;

  private constructor(
    private readonly setup: StoreSetup,
    private readonly sql: Sql,
    private readonly mem: MemFiles,
    private readonly clock: HlcClock,
  ) {
    this.vectors = new VectorStore(sql);
  }

  /**
   * Checks FTS5, migrates the schema and starts the clock after the newest stored timestamp.
   * Fails with `storage-no-fts5` on a SQLite build without FTS5, since search would not work.
   */
  static async create(setup: StoreSetup): Promise<StoreService> {
    const sql = new Sql(setup.api, setup.db, setup.lastVfsError);
    const options = await sql.all<{ compile_options: string }>('PRAGMA compile_options');
    if (!hasFts5(options.map((o) => o.compile_options))) {
      throw new KianaError('storage-no-fts5', 'this SQLite build has no FTS5 full-text search');
    }
    await migrate(sql);
    const latest = await q.latestHlc(sql);
    const now = setup.now ?? Date.now;
    const clock = new HlcClock(
      setup.device,
      now,
      latest && isHlcString(latest) ? decodeHlc(latest) : undefined,
    );
    const mem = MemFiles.register(setup.api, setup.module);
    return new StoreService(setup, sql, mem, clock);
  }

  private changed(change: MemoriesChanged): void {
    this.counts.clear();
    this.setup.onChange?.(change);
  }

  private one(kind: MemoriesChanged['kind'], id: MemoryId): void {
    this.changed({ ids: [id], kind, all: false });
  }

  put(args: PutArgs): Promise<Memory> {
    return this.mutex.run(async () => {
      const { memory, created } = await this.sql.transaction(() =>
        q.putMemory(this.sql, this.clock, this.setup.device, args),
      );
      if (created) this.one('put', memory.id);
      return memory;
    });
  }

  /** Puts many memories in one transaction (one commit instead of one per memory). */
  putMany(items: readonly PutArgs[]): Promise<{ added: number }> {
    return this.mutex.run(async () => {
      const added = await this.sql.transaction(() =>
        q.putMemories(this.sql, this.clock, this.setup.device, items),
      );
      if (added.length > 0) this.changed({ ids: added, kind: 'put', all: false });
      return { added: added.length };
    });
  }

  edit(args: EditArgs): Promise<Memory> {
    return this.mutex.run(async () => {
      const { memory, changed } = await this.sql.transaction(() =>
        q.editMemory(this.sql, this.clock, args),
      );
      if (changed) {
        this.vectors.forget(memory.id);
        this.one('edit', memory.id);
      }
      return memory;
    });
  }

  setDeleted(id: MemoryId, deleted: boolean): Promise<Memory> {
    return this.mutex.run(async () => {
      const { memory, changed } = await this.sql.transaction(() =>
        q.setDeleted(this.sql, this.clock, id, deleted),
      );
      if (changed) this.one(deleted ? 'delete' : 'undelete', memory.id);
      return memory;
    });
  }

  get(args: GetArgs): Promise<Memory | null> {
    return this.mutex.run(async () => {
      const memory = await q.getMemory(this.sql, args.id);
      return memory && (args.includeDeleted || !memory.deleted) ? memory : null;
    });
  }

  private async total(includeDeleted: boolean): Promise<number> {
    let n = this.counts.get(includeDeleted);
    if (n === undefined) {
      n = await q.countMemories(this.sql, includeDeleted);
      this.counts.set(includeDeleted, n);
    }
    return n;
  }

  list(args: ListArgs): Promise<ListResult> {
    // Under the mutex no write interleaves, so the window and the total describe one moment.
    return this.mutex.run(async () => ({
      rows: await q.listMemories(this.sql, args),
      total: await this.total(args.includeDeleted),
    }));
  }

  count(args: CountArgs): Promise<number> {
    return this.mutex.run(() => this.total(args.includeDeleted));
  }

  search(args: SearchArgs): Promise<SearchResult> {
    return this.mutex.run(() => q.searchMemories(this.sql, args));
  }

  /** Live memories still without a vector of `model`, newest first. */
  pendingVectors(model: string, limit: number): Promise<PendingText[]> {
    return this.mutex.run(() => this.vectors.pending(model, limit));
  }

  /** Stores vectors of `model` in one transaction; returns how many were stored. */
  putVectors(model: string, dim: number, items: readonly VectorItem[]): Promise<number> {
    return this.mutex.run(() => this.sql.transaction(() => this.vectors.put(model, dim, items)));
  }

  vectorCoverage(model: string): Promise<VectorCoverage> {
    return this.mutex.run(() => this.vectors.coverage(model));
  }

  /** Nearest live memories by meaning alone. */
  nearest(
    model: string,
    vector: Float32Array,
    limit: number,
  ): Promise<{ id: string; score: number }[]> {
    return this.mutex.run(() => this.vectors.nearest(model, vector, limit));
  }

  /** Words (FTS5) and meaning (vectors) fused by RRF; keyword search alone without a vector. */
  hybridSearch(args: HybridArgs): Promise<HybridResult> {
    return this.mutex.run(() => this.vectors.search(args));
  }

  exportBytes(): Promise<Uint8Array> {
    return this.mutex.run(() => exportDatabase(this.sql, this.mem));
  }

  importBytes(bytes: Uint8Array): Promise<ImportResult> {
    return this.mutex.run(async () => {
      const result = await importDatabase(this.sql, this.setup.api, this.mem, this.clock, bytes);
      if (result.added + result.updated > 0) {
        this.vectors.reset();
        this.changed({ ids: [], kind: 'import', all: true });
      }
      return result;
    });
  }

  stats(): Promise<StoreStats> {
    return this.mutex.run(async () => {
      const pragma = async (name: string): Promise<string | number> => {
        const row = await this.sql.get(`PRAGMA ${name}`);
        return (row ? Object.values(row)[0] : 0) as string | number;
      };
      const pageSize = Number(await pragma('page_size'));
      const pageCount = Number(await pragma('page_count'));
      const version = await this.sql.get<{ v: string }>('SELECT sqlite_version() AS v');
      return {
        count: await this.total(false),
        deleted: (await this.total(true)) - (await this.total(false)),
        pageSize,
        pageCount,
        freePages: Number(await pragma('freelist_count')),
        fileSize: pageSize * pageCount,
        vfs: this.setup.vfs,
        fallback: this.setup.vfs === 'IDBBatchAtomicVFS' ? 'indexeddb' : null,
        fallbackReason: this.setup.fallbackReason,
        journalMode: String(await pragma('journal_mode')),
        schemaVersion: SCHEMA_VERSION,
        sqliteVersion: version?.v ?? '',
      };
    });
  }

  /** Closes the connection (tests; the worker just ends with its tab). */
  close(): Promise<void> {
    return this.mutex.run(() => this.sql.close());
  }
}
