/**
 * The store's one lock, and the handle only its holder gets.
 *
 * Two async calls interleaved on one SQLite connection would mix their transactions, so every
 * touch of the live database runs in a turn of `StoreLock`. The rule, visible in the types:
 *
 * - Code that reads or writes the database takes a `Locked` parameter. The only way to get one is
 *   `lock.run((db) => …)`, so such code cannot be called outside a turn; the handle refuses use
 *   after its turn ended (`internal`), so it cannot leak into a later one either.
 * - Code that takes turns (`lock.run`) holds the `StoreLock` and takes no `Locked`: StoreService's
 *   methods and the background loops (vector index jobs, import chunks, the legacy replay).
 *   The lock is not re-entrant — a turn that awaited another turn would wait for itself forever —
 *   so nothing that receives a `Locked` is ever given the lock (and `run` refuses outright a turn
 *   asked for before the asking turn's first `await`). Such code that must start more work (a
 *   vector index conversion, a save) calls a hook that returns nothing to await.
 */
import { KianaError } from '@kiana/shared/errors';
import type { Sql, SqlParams, SqlRow, SqliteApi } from './sqlite.ts';

/** Module-private: nothing outside this file can make a `Locked` or end its turn. */
const TURN = Symbol('store-lock-turn');
/** Handles whose turn is still running. */
const live = new WeakSet<Locked>();

/** The live database, for the length of one turn of the store's lock. */
export class Locked {
  readonly #sql: Sql;

  constructor(turn: typeof TURN, sql: Sql) {
    if (turn !== TURN) throw new KianaError('internal', 'a Locked handle comes from StoreLock.run');
    this.#sql = sql;
  }

  #live(): Sql {
    if (!live.has(this)) {
      throw new KianaError('internal', 'the store was used outside its lock (a turn that ended)');
    }
    return this.#sql;
  }

  /** The shared wa-sqlite API: scratch connections on it also need the lock. */
  get api(): SqliteApi {
    return this.#live().api;
  }

  async exec(sql: string): Promise<void> {
    return this.#live().exec(sql);
  }

  async all<T extends SqlRow = SqlRow>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.#live().all<T>(sql, params);
  }

  async get<T extends SqlRow = SqlRow>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return this.#live().get<T>(sql, params);
  }

  async run(sql: string, params?: SqlParams): Promise<number> {
    return this.#live().run(sql, params);
  }

  /** All of `fn` lands or none of it (Sql.transaction); nested calls become savepoints. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.#live().transaction(fn);
  }

  /** Closes the connection (the store's last turn). */
  async close(): Promise<void> {
    return this.#live().close();
  }
}

/** Serialises the turns on one connection, so transactions from concurrent calls never mix. */
export class StoreLock {
  #tail: Promise<unknown> = Promise.resolve();
  /** True while a turn's function runs up to its first `await`. */
  #entering = false;

  constructor(private readonly sql: Sql) {}

  /**
   * Runs `fn` after every turn queued before it has finished (also when one failed), with a
   * handle that works until `fn` settles. A turn asked for by a turn before its first `await`
   * is refused (`internal`) rather than left to wait for itself; past that point the rule above
   * is what keeps turns from nesting.
   */
  run<T>(fn: (db: Locked) => Promise<T>): Promise<T> {
    if (this.#entering) {
      return Promise.reject(
        new KianaError('internal', 'a turn of the store lock asked for another turn'),
      );
    }
    const turn = async (): Promise<T> => {
      const db = new Locked(TURN, this.sql);
      live.add(db);
      try {
        return await this.#enter(fn, db);
      } finally {
        live.delete(db);
      }
    };
    const result = this.#tail.then(turn, turn);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  #enter<T>(fn: (db: Locked) => Promise<T>, db: Locked): Promise<T> {
    this.#entering = true;
    try {
      return fn(db);
    } finally {
      this.#entering = false;
    }
  }
}
