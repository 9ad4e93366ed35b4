/**
 * A thin, typed layer over the wa-sqlite API: parameterised queries with a prepared-statement
 * cache, transactions, and SQLite errors turned into `KianaError`s. It knows nothing about the
 * VFS, so the same code runs over OPFS in the browser and in memory under Node tests.
 */
import * as SQLite from '@journeyapps/wa-sqlite';
import { KianaError } from '@kiana/shared/errors';

/** A value SQLite stores or returns. */
export type SqlValue = number | string | Uint8Array | bigint | null;
/** Positional (`?`) or named (`:name`) parameters. */
export type SqlParams = readonly SqlValue[] | Readonly<Record<string, SqlValue>>;
/** One result row, by column name. */
export type SqlRow = Record<string, SqlValue>;

/** The wa-sqlite API object (declared globally by the package's types). */

export type SqliteApi = SQLiteAPI;

/** Extended result codes whose primary code is SQLITE_IOERR (10) carry it in the low byte. */
const primary = (code: number): number => code & 0xff;

/**
 * Maps a thrown SQLite error to a `KianaError` with a code the UI explains. `lastVfsError` is the
 * exception the VFS swallowed (VFS methods must return result codes), which is where a browser's
 * `QuotaExceededError` hides behind a generic SQLITE_IOERR.
 */
export function toKianaError(error: unknown, lastVfsError?: unknown): KianaError {
  if (error instanceof KianaError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const vfsName = (lastVfsError as { name?: unknown } | null)?.name;
  if (typeof code === 'number') {
    const p = primary(code);
    if (p === SQLite.SQLITE_FULL || (p === SQLite.SQLITE_IOERR && isQuota(vfsName, message))) {
      return new KianaError('storage-quota', 'the browser refused to store more data', {
        cause: error,
      });
    }
    if (p === SQLite.SQLITE_CORRUPT || p === SQLite.SQLITE_NOTADB) {
      return new KianaError('storage-corrupt', message, { cause: error });
    }
    if (p === SQLite.SQLITE_IOERR || p === SQLite.SQLITE_CANTOPEN) {
      return new KianaError('storage-unavailable', message, { cause: error });
    }
  }
  if (vfsName === 'QuotaExceededError' || isQuota(undefined, message)) {
    return new KianaError('storage-quota', 'the browser refused to store more data', {
      cause: error,
    });
  }
  return new KianaError('internal', message, { cause: error });
}

function isQuota(name: unknown, message: string): boolean {
  return name === 'QuotaExceededError' || /quota/i.test(message);
}

/** One open connection. Not re-entrant: the live one is used only through `StoreLock` (lock.ts). */
export class Sql {
  private readonly cache = new Map<string, number>();
  private depth = 0;

  constructor(
    readonly api: SqliteApi,
    readonly db: number,
    /** Returns the VFS's last swallowed exception, for error mapping. */
    private readonly lastVfsError: () => unknown = () => undefined,
  ) {}

  /** Runs one or more statements without parameters or results (DDL, PRAGMA, BEGIN). */
  async exec(sql: string): Promise<void> {
    try {
      await this.api.exec(this.db, sql);
    } catch (error) {
      throw toKianaError(error, this.lastVfsError());
    }
  }

  /** Runs one statement and returns all its rows. */
  async all<T extends SqlRow = SqlRow>(sql: string, params?: SqlParams): Promise<T[]> {
    const stmt = await this.prepare(sql);
    const rows: T[] = [];
    try {
      if (params) this.api.bind_collection(stmt, params as SqlValue[]);
      let columns: string[] | null = null;
      while ((await this.api.step(stmt)) === SQLite.SQLITE_ROW) {
        columns ??= this.api.column_names(stmt);
        const values = this.api.row(stmt);
        const row: SqlRow = {};
        columns.forEach((c, i) => (row[c] = (values[i] ?? null) as SqlValue));
        rows.push(row as T);
      }
      return rows;
    } catch (error) {
      throw toKianaError(error, this.lastVfsError());
    } finally {
      await this.resetQuietly(stmt);
    }
  }

  /** Runs one statement and returns its first row, if any. */
  async get<T extends SqlRow = SqlRow>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Runs one statement for its effect; returns the number of rows it changed. */
  async run(sql: string, params?: SqlParams): Promise<number> {
    await this.all(sql, params);
    return this.api.changes(this.db);
  }

  /**
   * Runs `fn` in a transaction: all of it lands or none of it does, also if the tab is killed
   * half-way (SQLite's journal rolls an interrupted transaction back at the next open). Nested
   * calls become savepoints. IMMEDIATE takes the write lock up front, so a transaction never
   * fails half-way for want of it.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const savepoint = `sp${this.depth}`;
    await this.exec(this.depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`);
    this.depth++;
    try {
      const result = await fn();
      this.depth--;
      await this.exec(this.depth === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
      return result;
    } catch (error) {
      this.depth = Math.max(0, this.depth - 1);
      try {
        if (this.depth === 0) {
          if (!this.api.get_autocommit(this.db)) await this.api.exec(this.db, 'ROLLBACK');
        } else {
          await this.api.exec(this.db, `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
        }
      } catch {
        // SQLite may already have rolled back (e.g. after SQLITE_FULL); nothing more to undo.
      }
      throw toKianaError(error, this.lastVfsError());
    }
  }

  /** Finalises cached statements and closes the connection. */
  async close(): Promise<void> {
    for (const stmt of this.cache.values()) await this.api.finalize(stmt);
    this.cache.clear();
    await this.api.close(this.db);
  }

  private async prepare(sql: string): Promise<number> {
    const cached = this.cache.get(sql);
    if (cached !== undefined) return cached;
    try {
      const options = { unscoped: true, flags: SQLite.SQLITE_PREPARE_PERSISTENT };
      for await (const stmt of this.api.statements(this.db, sql, options)) {
        this.cache.set(sql, stmt);
        return stmt;
      }
    } catch (error) {
      throw toKianaError(error, this.lastVfsError());
    }
    throw new KianaError('internal', 'empty SQL statement');
  }

  private async resetQuietly(stmt: number): Promise<void> {
    try {
      await this.api.reset(stmt);
    } catch {
      // reset repeats the error of the last step, which has already been reported.
    }
    this.api.clear_bindings(stmt);
  }
}

/**
 * What runs statements on some connection: a scratch `Sql` (import checks, tests) or the live
 * database's `Locked` handle (lock.ts). Code for the live database's tables takes `Locked`.
 */
export type Queries = Pick<Sql, 'exec' | 'all' | 'get' | 'run' | 'transaction'>;
