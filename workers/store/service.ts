/**
 * The store: one open database with its clock, scratch files and the lock that serialises every
 * call (lock.ts: two interleaved async calls on one SQLite connection would mix their
 * transactions). Each method takes one turn of the lock and does its work with the turn's
 * `Locked` handle; import, the legacy replay and the vector jobs take a turn per chunk. Knows
 * nothing about VFS choice or messaging; `open.ts` builds it in the browser, the unit tests build
 * it over an in-memory database.
 */
import { KianaError } from '@kiana/shared/errors';
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
import { loadPreverifyingPrimitives, loadPrimitives } from '../../src/core/crypto/primitives.ts';
import { loadRatchetSuite } from '../../src/core/crypto/ratchet/suite.ts';
import { FileStore } from './file-store.ts';
import { MessageStore } from './message-store.ts';
import { ChainStore } from './chain/chain-store.ts';
import { importApplier } from './chain/import-apply.ts';
import { MemFiles } from './mem-files.ts';
import { SCHEMA_VERSION, migrate } from './migrations.ts';
import { Sql, type SqliteApi } from './sqlite.ts';
import { warmSchema } from './import-check.ts';
import { replayLegacy } from './legacy-replay.ts';
import { Counts } from './counts.ts';
import { WordsCache } from './words-cache.ts';
import { StoreLock, type Locked } from './lock.ts';
import { searchMemories } from './tables/memory-search.ts';
import { fileStats, hasFts5, zeroFreedSpace } from './tables/database.ts';
import * as q from './tables/memories.ts';
import { exportDatabase, importDatabase } from './transfer.ts';
import type { HybridArgs } from './hybrid.ts';
import { VectorJobs, type VectorStoreOptions } from './vector-jobs.ts';
import type { VectorIndexes } from './vector-indexes.ts';
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

/** Queries of recent searches kept for `searchCounts` (test builds read them). */
const LAST_RAN_KEPT = 32;

export class StoreService {
  private constructor(
    private readonly setup: StoreSetup & StoreOutlet,
    private readonly lock: StoreLock,
    private readonly mem: MemFiles,
    private readonly chain: ChainStore,
    private readonly counts: Counts,
    /** The words of the last search, for the fused search that follows it. */
    private readonly words: WordsCache,
    /** Vector indexes by model, told of every change the chain projects. */
    private readonly vectors: VectorIndexes,
    /** Their work across turns: loading ahead, saving, converting. */
    private readonly jobs: VectorJobs,
  ) {}

  /**
   * Checks FTS5, migrates the schema and starts the clock after the newest stored timestamp.
   * Fails with `storage-no-fts5` on a SQLite build without FTS5, since search would not work.
   */
  static async create(setup: StoreSetup & StoreOutlet): Promise<StoreService> {
    const lock = new StoreLock(new Sql(setup.api, setup.db, setup.lastVfsError));
    const counts = new Counts();
    const words = new WordsCache();
    const jobs = new VectorJobs(lock, setup.vectors);
    const vectors = jobs.indexes;
    const now = setup.now ?? Date.now;
    const chain = await lock.run(async (db) => {
      if (!(await hasFts5(db))) {
        throw new KianaError('storage-no-fts5', 'this SQLite build has no FTS5 full-text search');
      }
      await zeroFreedSpace(db);
      await migrate(db);
      const latest = await q.latestHlc(db);
      const clock = new HlcClock(
        setup.device,
        now,
        latest && isHlcString(latest) ? decodeHlc(latest) : undefined,
      );
      return ChainStore.open(db, {
        prims: await loadPreverifyingPrimitives(),
        device: setup.device,
        identity: setup.identity,
        clock,
        now,
        emit: (name, data) => {
          if (name === 'memories.changed') {
            const change = data as MemoriesChanged;
            counts.clear();
            words.clear();
            // Changed text lost its vectors in the database (trigger); the indexes follow.
            if (change.all) vectors.reset();
            else for (const id of change.ids) vectors.forget(id);
          }
          setup.emit(name, data);
        },
      });
    });
    const mem = MemFiles.register(setup.api, setup.module);
    void lock.run((db) => warmSchema(db, mem));
    const service = new StoreService(setup, lock, mem, chain, counts, words, vectors, jobs);
    const prims = await loadPrimitives();
    service.messages = new MessageStore({
      lock,
      suite: await loadRatchetSuite(),
      sha256: (bytes) => prims.sha256(bytes),
      device: setup.device,
      now,
      emit: setup.emit,
    });
    service.files = new FileStore({
      lock,
      suite: await loadRatchetSuite(),
      messages: service.messages,
      emit: setup.emit,
    });
    service.legacy = replayLegacy({ lock, chain, device: setup.device, now });
    return service;
  }

  /** Outbox, inbox and ratchet sessions (set once by `create`). */
  messages!: MessageStore;
  /** Files in conversations (set once by `create`). */
  files!: FileStore;

  /** The background replay of rows from before the chain (tests await it). */
  legacy: Promise<void> = Promise.resolve();

  private get now(): () => number {
    return this.setup.now ?? Date.now;
  }

  private async mustGet(db: Locked, id: MemoryId): Promise<Memory> {
    const memory = await q.getMemory(db, id);
    if (!memory) throw new KianaError('not-found', `no memory ${id}`);
    return memory;
  }

  /** Creates a memory unless its id exists (a repeated put changes nothing); returns it. */
  put(args: PutArgs): Promise<Memory> {
    return this.lock.run(async (db) => {
      await this.chain.put(db, [args]);
      return this.mustGet(db, args.id);
    });
  }

  /** Puts many memories in one write: their transactions share blocks and one commit. */
  putMany(items: readonly PutArgs[]): Promise<{ added: number }> {
    return this.lock.run(async (db) => ({ added: (await this.chain.put(db, items)).length }));
  }

  edit(args: EditArgs): Promise<Memory> {
    return this.lock.run(async (db) => {
      await this.chain.edit(db, args);
      return this.mustGet(db, args.id);
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
    return this.lock.run(async (db) => {
      if (deleted) await this.chain.delete(db, id);
      else await this.chain.undelete(db, id, content);
      return this.mustGet(db, id);
    });
  }

  /** A peer is connected: start syncing with it. */
  syncOpen(peer: DeviceId): Promise<void> {
    return this.lock.run(() => Promise.resolve(this.chain.syncOpen(peer)));
  }

  /** One framed sync message from a peer. */
  syncReceive(peer: DeviceId, bytes: Uint8Array): Promise<void> {
    return this.lock.run((db) => this.chain.syncReceive(db, peer, bytes));
  }

  syncClose(peer: DeviceId): Promise<void> {
    return this.lock.run(() => Promise.resolve(this.chain.syncClose(peer)));
  }

  chainInfo(): Promise<ChainInfo> {
    return this.lock.run((db) => this.chain.info(db));
  }

  /** Makes a paired device of this person an authority (a signed device-add). */
  addDevice(device: { signKey: Uint8Array; boxKey: Uint8Array; name: string }): Promise<boolean> {
    return this.lock.run((db) => this.chain.addDevice(db, device));
  }

  /** Ends a device's authority (a signed device-remove); what it wrote stays. */
  removeDevice(device: DeviceId): Promise<boolean> {
    return this.lock.run((db) => this.chain.removeDevice(db, device));
  }

  get(args: GetArgs): Promise<Memory | null> {
    return this.lock.run(async (db) => {
      const memory = await q.getMemory(db, args.id);
      return memory && (args.includeDeleted || !memory.deleted) ? memory : null;
    });
  }

  list(args: ListArgs): Promise<ListResult> {
    // In one turn no write interleaves, so the window and the total describe one moment.
    return this.lock.run(async (db) => ({
      rows: await q.listMemories(db, args),
      total: await this.counts.total(db, args.includeDeleted),
    }));
  }

  count(args: CountArgs): Promise<number> {
    return this.lock.run((db) => this.counts.total(db, args.includeDeleted));
  }

  /** Full-text search; dropped unrun when `signal` aborted while it waited for its turn. */
  search(args: SearchArgs, signal?: AbortSignal): Promise<SearchResult> {
    return this.searchTurn(signal, args.query, (db) =>
      this.words.get(args, () => searchMemories(db, args)),
    );
  }

  /** Live memories still without a vector of `model`, newest first. */
  pendingVectors(model: string, limit: number): Promise<PendingText[]> {
    return this.lock.run((db) => this.vectors.pending(db, model, limit));
  }

  /** Stores vectors of `model` in one transaction; returns how many were stored. */
  putVectors(model: string, dim: number, items: readonly VectorItem[]): Promise<number> {
    return this.lock.run(async (db) => {
      const stored = await db.transaction(() => this.vectors.store(db, model, dim, items));
      this.vectors.apply(model, stored);
      return stored.length;
    });
  }

  vectorCoverage(model: string): Promise<VectorCoverage> {
    return this.lock.run(async (db) =>
      this.vectors.coverage(db, model, await this.counts.total(db, false)),
    );
  }

  /** Nearest live memories by meaning alone. */
  nearest(
    model: string,
    vector: Float32Array,
    limit: number,
  ): Promise<{ id: string; score: number }[]> {
    return this.lock.run((db) => this.vectors.nearest(db, model, vector, limit));
  }

  /** Words (FTS5) and meaning (vectors) fused by RRF; keyword search alone without a vector. */
  hybridSearch(args: HybridArgs, signal?: AbortSignal): Promise<HybridResult> {
    return this.searchTurn(signal, args.query, (db) =>
      this.vectors.search(db, args, (words) =>
        this.words.get(words, () => searchMemories(db, words)),
      ),
    );
  }

  /**
   * Searches asked for: waiting for a turn, run, and dropped because the caller gave up; and the
   * queries of the last runs (tests tell a search they caused from a refresh after a change).
   */
  readonly searches = { waiting: 0, ran: 0, dropped: 0, lastRan: [] as string[] };

  /**
   * A search's turn. Typing sends a query per pause and cancels the one before; a search that
   * was cancelled while it waited behind other turns (a save, an import chunk) is dropped when
   * its turn comes, so the store never spends a turn on results nobody will see.
   */
  private searchTurn<T>(
    signal: AbortSignal | undefined,
    query: string,
    fn: (db: Locked) => Promise<T>,
  ) {
    this.searches.waiting++;
    return this.lock.run(async (db) => {
      this.searches.waiting--;
      if (signal?.aborted) {
        this.searches.dropped++;
        throw signal.reason;
      }
      this.searches.ran++;
      this.searches.lastRan.push(query);
      if (this.searches.lastRan.length > LAST_RAN_KEPT) this.searches.lastRan.shift();
      return fn(db);
    });
  }

  /** Test builds only (test-handlers.ts): a turn lasting until `until`; resolves once begun. */
  holdTurn(until: Promise<void>): Promise<void> {
    return new Promise((begun) => {
      void this.lock.run(async () => {
        begun();
        await until;
      });
    });
  }

  /** Loads `model`'s vector index before the first search, a turn of the lock per part. */
  prepareVectors(model: string, dims: number): Promise<void> {
    return this.jobs.prepare(model, dims);
  }

  /** Saves changed vector indexes now instead of after the quiet time (tests, shutdown). */
  saveVectorIndexes(): Promise<void> {
    return this.jobs.flush();
  }

  exportBytes(): Promise<Uint8Array> {
    return this.lock.run((db) => exportDatabase(db, this.mem));
  }

  /** Checks a database file, then merges it chunk by chunk; `progress` hears how far it got. */
  importBytes(bytes: Uint8Array, progress?: (p: ImportProgress) => void): Promise<ImportResult> {
    // The file's memories are replayed as this device's signed transactions, marked imported.
    const apply = importApplier(this.chain, this.setup.device, this.now);
    return importDatabase({ mem: this.mem, lock: this.lock, apply, progress }, bytes);
  }

  stats(): Promise<StoreStats> {
    return this.lock.run(async (db) => {
      const file = await fileStats(db);
      const live = await this.counts.total(db, false);
      return {
        count: live,
        deleted: (await this.counts.total(db, true)) - live,
        pageSize: file.pageSize,
        pageCount: file.pageCount,
        freePages: file.freePages,
        fileSize: file.pageSize * file.pageCount,
        vfs: this.setup.vfs,
        fallback: this.setup.vfs === 'IDBBatchAtomicVFS' ? 'indexeddb' : null,
        fallbackReason: this.setup.fallbackReason,
        journalMode: file.journalMode,
        schemaVersion: SCHEMA_VERSION,
        sqliteVersion: file.sqliteVersion,
      };
    });
  }

  /** Closes the connection (tests; the worker just ends with its tab). */
  close(): Promise<void> {
    return this.lock.run((db) => db.close());
  }
}
