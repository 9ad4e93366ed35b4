/**
 * The store's one lock convention (workers/store/lock.ts), on the real SQLite build: turns never
 * overlap, a failed turn does not hold up the next, and the `Locked` handle works only during its
 * own turn — so no code can reach the live tables outside the lock, then or later.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import { Locked, StoreLock } from '../../../workers/store/lock.ts';
import type { Sql } from '../../../workers/store/sqlite.ts';
import { getMemory } from '../../../workers/store/tables/memories.ts';
import { openTestDb } from './sqlite-node.ts';

async function lockOverTable(): Promise<{ lock: StoreLock; sql: Sql }> {
  const { sql } = await openTestDb();
  await sql.exec('CREATE TABLE n (x INTEGER)');
  return { lock: new StoreLock(sql), sql };
}

async function rows(sql: Sql): Promise<number> {
  return (await sql.get<{ c: number }>('SELECT count(*) AS c FROM n'))?.c ?? -1;
}

/** Lets every queued microtask and a few macrotasks run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('the store lock', () => {
  it('runs a turn only after the one before it ended, even while that one waits mid-transaction', async () => {
    const { lock } = await lockOverTable();
    const log: string[] = [];
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const first = lock.run((db) =>
      db.transaction(async () => {
        log.push('first begins');
        await db.run('INSERT INTO n VALUES (1)');
        await gate;
        await db.run('INSERT INTO n VALUES (2)');
        log.push('first ends');
      }),
    );
    const second = lock.run(async (db) => {
      log.push('second begins');
      return (await db.get<{ c: number }>('SELECT count(*) AS c FROM n'))?.c;
    });
    await settle();
    expect(log).toEqual(['first begins']);
    open();
    // The second saw the first's whole transaction, never half of it.
    expect(await second).toBe(2);
    await first;
    expect(log).toEqual(['first begins', 'first ends', 'second begins']);
  });

  it('runs the next turn after one that failed, whose transaction rolled back', async () => {
    const { lock, sql } = await lockOverTable();
    const failed = lock.run((db) =>
      db.transaction(async () => {
        await db.run('INSERT INTO n VALUES (1)');
        throw new KianaError('storage-quota', 'full');
      }),
    );
    const next = lock.run((db) => db.run('INSERT INTO n VALUES (2)'));
    await expect(failed).rejects.toMatchObject({ code: 'storage-quota' });
    expect(await next).toBe(1);
    expect(await rows(sql)).toBe(1);
  });

  it('refuses a handle kept after its turn ended', async () => {
    const { lock, sql } = await lockOverTable();
    let kept: Locked | null = null;
    await lock.run((db) => {
      kept = db;
      return db.run('INSERT INTO n VALUES (1)');
    });
    const after = kept as Locked | null;
    if (after === null) throw new Error('the turn did not run');
    await expect(after.run('INSERT INTO n VALUES (2)')).rejects.toMatchObject({
      code: 'internal',
    });
    await expect(after.transaction(() => Promise.resolve())).rejects.toBeInstanceOf(KianaError);
    expect(() => after.api).toThrow(KianaError);
    expect(await rows(sql)).toBe(1);
  });

  it('refuses a handle that escaped into work its turn did not wait for', async () => {
    const { lock, sql } = await lockOverTable();
    let late: Promise<number> = Promise.resolve(0);
    await lock.run(async (db) => {
      late = new Promise((resolve) => setTimeout(resolve, 0)).then(() =>
        db.run('INSERT INTO n VALUES (1)'),
      );
      await db.run('INSERT INTO n VALUES (0)');
    });
    await expect(late).rejects.toMatchObject({ code: 'internal' });
    expect(await rows(sql)).toBe(1);
  });

  it('refuses a turn that a turn asks for before its first await, instead of waiting for itself', async () => {
    const { lock, sql } = await lockOverTable();
    const nested = lock.run(() => lock.run((db) => db.run('INSERT INTO n VALUES (1)')));
    await expect(nested).rejects.toMatchObject({ code: 'internal' });
    // The lock goes on serving turns.
    expect(await lock.run((db) => db.run('INSERT INTO n VALUES (2)'))).toBe(1);
    expect(await rows(sql)).toBe(1);
  });

  it('hands out handles only through run: a forged one is refused, a raw connection is no handle', async () => {
    const { sql } = await lockOverTable();
    // @ts-expect-error a Locked comes only from StoreLock.run (its token is private to lock.ts)
    expect(() => new Locked(Symbol('forged'), sql)).toThrow(KianaError);
    // The live tables take the lock's handle, never a raw connection (checked by tsc).
    expectTypeOf<Sql>().not.toExtend<Locked>();
    expectTypeOf(getMemory).parameter(0).toEqualTypeOf<Locked>();
  });
});
