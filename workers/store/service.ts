/**
 * The store: one open database with its clock, scratch files and a mutex that serialises every
 * call, because two interleaved async calls on one SQLite connection would mix their
 * transactions. Knows nothing about VFS choice or messaging; `open.ts` builds it in the browser,
 * the unit tests build it over an in-memory database.
 */
import type { Emit } from '../../src/core/api/contract.ts';
import type { StoreEvents } from '../../src/core/api/store.ts';
import type {
  ChainIdentity,
  ChainInfo,
  ImportProgress,
  ImportResult,
  StoreStats,
  VfsName,
} from '../../src/core/api/store-types.ts';
import { KianaError } from '@kiana/shared/errors';
import { HlcClock, decodeHlc, isHlcString } from '../../src/core/hlc.ts';
import type { DeviceId, MemoryId } from '@kiana/shared/ids';
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
import { loadPrimitives } from '../../src/core/crypto/primitives.ts';
import { ChainStore } from './chain/chain-store.ts';
import { changesFromRows } from './chain/replay-rows.ts';
import { MemFiles } from './mem-files.ts';
import * as q from './memories.ts';
import { SCHEMA_VERSION, migrate } from './migrations.ts';
import { Mutex, Sql, type SqliteApi } from './sqlite.ts';
import { warmSchema } from './import-check.ts';
import { replayLegacy } from './legacy-replay.ts';
import { exportDatabase, importDatabase, type ImportRow } from './transfer.ts';
import type { HybridArgs } from './hybrid.ts';
import { VectorStore, type VectorStoreOptions } from './vector-store.ts';
import type {
  HybridResult,
  PendingText,
  VectorCoverage,
  VectorItem,
} from '../../src/core/embedding/types.ts';

/** How the store was opened, reported in stats. */
export interface StoreSetup {
  readonly api: SqliteApi;
  readonly module: object;
  readonly db: number;
  readonly device: DeviceId;
  /** The device's keys and name: every write is signed (never stored, never logged). */
  readonly identity: ChainIdentity;
  readonly vfs: VfsName;
  readonly fallbackReason: string | null;
  readonly lastVfsError?: () => unknown;
  readonly now?: () => number;
  /** Vector index tuning (tests use small limits). */
  readonly vectors?: VectorStoreOptions;
}

/** Where the store's events go (the worker pushes them to its tabs). */
export interface StoreOutlet {
  readonly emit: Emit<StoreEvents>;
}

/** True when the SQLite build lists FTS5 among its compile options. */
export function hasFts5(compileOptions: readonly string[]): boolean {
  return compileOptions.some((o) => o.toUpperCase() === 'ENABLE_FTS5');
}

export class StoreService {
  private constructor(
    private readonly mutex: Mutex,
    private readonly setup: StoreSetup & StoreOutlet,
    private readonly sql: Sql,
    private readonly mem: MemFiles,
    private readonly clock: HlcClock,
    private readonly chain: ChainStore,
    /**
     * Counts by `includeDeleted`, dropped on every change. A virtual list asks for a window (and
     * the total) on every scroll; counting 100k rows costs ~30 ms, the window itself ~1 ms.
     */
    private readonly counts: Map<boolean, number>,
    /** Vector indexes by model, told of every change the chain projects. */
    private readonly vectors: VectorStore,
  ) {}

  /**
   * Checks FTS5, migrates the schema and starts the clock after the newest stored timestamp.
   * Fails with `storage-no-fts5` on a SQLite build without FTS5, since search would not work.
   */
  static async create(setup: StoreSetup & StoreOutlet): Promise<StoreService> {
    const sql = new Sql(setup.api, setup.db, setup.lastVfsError);
    const options = await sql.all<{ compile_options: string }>('PRAGMA compile_options');
    if (!hasFts5(options.map((o) => o.compile_options))) {
      throw new KianaError('storage-no-fts5', 'this SQLite build has no FTS5 full-text search');
    }
    // Deleted content is overwritten with zeros in the file, not just unlinked (deletes forget).
    await sql.exec('PRAGMA secure_delete = ON');
    await migrate(sql);
    const latest = await q.latestHlc(sql);
    const now = setup.now ?? Date.now;
    const clock = new HlcClock(
      setup.device,
      now,
      latest && isHlcString(latest) ? decodeHlc(latest) : undefined,
    );
    const mem = MemFiles.register(setup.api, setup.module);
    const counts = new Map<boolean, number>();
    const mutex = new Mutex();
    const vectors = new VectorStore(sql, (fn) => mutex.run(fn), setup.vectors);
    const chain = await ChainStore.open(sql, {
      prims: await loadPrimitives(),
      device: setup.device,
      identity: setup.identity,
      clock,
      now,
      emit: (name, data) => {
        if (name === 'memories.changed') {
          const change = data as MemoriesChanged;
          counts.clear();
          // Changed text lost its vectors in the database (trigger); the indexes follow.
          if (change.all) vectors.reset();
          else for (const id of change.ids) vectors.forget(id);
        }
        setup.emit(name, data);
      },
    });
    void mutex.run(() => warmSchema(setup.api, mem));
    const service = new StoreService(mutex, setup, sql, mem, clock, chain, counts, vectors);
    service.legacy = replayLegacy({
      sql,
      chain,
      device: setup.device,
      now,
      locked: (fn) => mutex.run(fn),
    });
    return service;
  }

  /** The background replay of rows from before the chain (tests await it). */
  legacy: Promise<void> = Promise.resolve();

  private get now(): () => number {
    return this.setup.now ?? Date.now;
  }

  private async mustGet(id: MemoryId): Promise<Memory> {
    const memory = await q.getMemory(this.sql, id);
    if (!memory) throw new KianaError('not-found', `no memory ${id}`);
    return memory;
  }

  /** Creates a memory unless its id exists (a repeated put changes nothing); returns it. */
  put(args: PutArgs): Promise<Memory> {
    return this.mutex.run(async () => {
      await this.chain.put([args]);
      return this.mustGet(args.id);
    });
  }

  /** Puts many memories in one write: their transactions share blocks and one commit. */
  putMany(items: readonly PutArgs[]): Promise<{ added: number }> {
    return this.mutex.run(async () => ({ added: (await this.chain.put(items)).length }));
  }

  edit(args: EditArgs): Promise<Memory> {
    return this.mutex.run(async () => {
      await this.chain.edit(args);
      return this.mustGet(args.id);
    });
  }

  /**
   * Deletes (the text is erased everywhere) or brings back a memory; idempotent. Bringing back
   * writes the text again: from `content` when the caller has it, else from the worker's
   * short-lived memory of recent deletes.
   */
  setDeleted(
    id: MemoryId,
    deleted: boolean,
    content?: { text: string; tags: readonly string[] },
  ): Promise<Memory> {
    return this.mutex.run(async () => {
      if (deleted) await this.chain.delete(id);
      else await this.chain.undelete(id, content);
      return this.mustGet(id);
    });
  }

  /** A peer is connected: start syncing with it. */
  syncOpen(peer: DeviceId): Promise<void> {
    return this.mutex.run(() => Promise.resolve(this.chain.syncOpen(peer)));
  }

  /** One framed sync message from a peer. */
  syncReceive(peer: DeviceId, bytes: Uint8Array): Promise<void> {
    return this.mutex.run(() => this.chain.syncReceive(peer, bytes));
  }

  syncClose(peer: DeviceId): Promise<void> {
    return this.mutex.run(() => Promise.resolve(this.chain.syncClose(peer)));
  }

  chainInfo(): Promise<ChainInfo> {
    return this.mutex.run(() => this.chain.info());
  }

  /** Makes a paired device of this person an authority (a signed device-add). */
  addDevice(device: { signKey: Uint8Array; boxKey: Uint8Array; name: string }): Promise<boolean> {
    return this.mutex.run(() => this.chain.addDevice(device));
  }

  /** Ends a device's authority (a signed device-remove); what it wrote stays. */
  removeDevice(device: DeviceId): Promise<boolean> {
    return this.mutex.run(() => this.chain.removeDevice(device));
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

  /** Loads `model`'s vector index before the first search, between other requests. */
  prepareVectors(model: string, dims: number): Promise<void> {
    return this.vectors.prepare(model, dims);
  }

  /** Saves changed vector indexes now instead of after the quiet time (tests, shutdown). */
  saveVectorIndexes(): Promise<void> {
    return this.vectors.flush();
  }

  exportBytes(): Promise<Uint8Array> {
    return this.mutex.run(() => exportDatabase(this.sql, this.mem));
  }

  /** Checks a database file, then merges it chunk by chunk; `progress` hears how far it got. */
  importBytes(bytes: Uint8Array, progress?: (p: ImportProgress) => void): Promise<ImportResult> {
    const { api, device } = this.setup;
    const locked = <T>(fn: () => Promise<T>): Promise<T> => this.mutex.run(fn);
    // The file's memories are replayed as this device's signed transactions.
    const apply = async (rows: readonly ImportRow[]) => {
      const found = changesFromRows(rows, this.chain.ledger.tree, device, this.now());
      await this.chain.replay(found.changes);
      return found;
    };
    return importDatabase({ api, mem: this.mem, locked, apply, progress }, bytes);
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
