/**
 * The backfill's mark (schema v9): the store looks for memories without a vector only above
 * `vector_complete.below`. Any write that could leave a memory without a vector below the mark
 * must lower it, or that memory is never embedded and never found by meaning. A seeded random
 * run of every kind of write (insert, edit, soft delete, restore, hard delete that frees the
 * highest `seq`, partial embedding, dropping a model's vectors) compares pending and coverage
 * after each step with a full scan on the real SQLite build.
 */
import { describe, expect, it } from 'vitest';
import type { Locked } from '../../../workers/store/lock.ts';
import { MIGRATIONS } from '../../../workers/store/migrations.ts';
import { coverage, pendingTexts } from '../../../workers/store/tables/memory-vectors.ts';
import type { SqlParams } from '../../../workers/store/sqlite.ts';
import { openTestDb, type TestDb } from './sqlite-node.ts';

const MODELS = ['A/m@r/q8', 'B/m@r/q8'] as const;

async function fresh() {
  const t = await openTestDb();
  for (const m of MIGRATIONS) {
    if (typeof m.up === 'string') await t.sql.exec(m.up);
    else await m.up(t.sql);
  }
  const db = {
    all: (sql: string, params?: SqlParams) => t.sql.all(sql, params),
    get: async (sql: string, params?: SqlParams) => (await t.sql.all(sql, params))[0],
    run: (sql: string, params?: SqlParams) => t.sql.run(sql, params),
  } as unknown as Locked;
  /** Inserts a memory straight into the table, as any write path ends up doing. */
  const put = (id: string, text = `text of ${id}`) =>
    t.sql.run(
      `INSERT INTO memories (id, text, source, device, created_hlc, updated_hlc)
       VALUES (?, ?, 'typed', 'd', 'h', 'h')`,
      [id, text],
    );
  return { t, db, put };
}

/** What a full scan says is pending, newest first. */
async function scanPending(t: TestDb, model: string): Promise<string[]> {
  const rows = await t.sql.all<{ id: string }>(
    `SELECT id FROM memories m WHERE deleted = 0 AND NOT EXISTS (
       SELECT 1 FROM memory_vectors v WHERE v.memory_id = m.id AND v.model = ?)
     ORDER BY seq DESC`,
    [model],
  );
  return rows.map((r) => r.id);
}

async function scanEmbedded(t: TestDb, model: string): Promise<number> {
  const rows = await t.sql.all<{ n: number }>(
    `SELECT count(*) AS n FROM memory_vectors v JOIN memories m ON m.id = v.memory_id
     WHERE v.model = ? AND m.deleted = 0`,
    [model],
  );
  return rows[0]?.n ?? 0;
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('where the backfill starts looking', () => {
  it('a new memory above the mark is found in a few rows, and a full look raises the mark', async () => {
    const { t, db, put } = await fresh();
    for (let i = 0; i < 50; i++) await put(`m${i}`);
    const all = await pendingTexts(db, 'A/m@r/q8', 100);
    expect(all).toHaveLength(50);
    for (const p of all) {
      await t.sql.run(
        `INSERT INTO memory_vectors (memory_id, model, dim, vector) VALUES (?, 'A/m@r/q8', 1, x'00000000')`,
        [p.id],
      );
    }
    expect(await pendingTexts(db, 'A/m@r/q8', 100)).toEqual([]);
    expect(await t.sql.all('SELECT below FROM vector_complete')).toEqual([{ below: 50 }]);
    await put('new');
    // The look now starts at the mark: EXPLAIN shows a rowid range, not a walk of every memory.
    const plan = await t.sql.all<{ detail: string }>(
      `EXPLAIN QUERY PLAN SELECT m.seq FROM memories m WHERE m.seq > 50 AND +m.deleted = 0
       ORDER BY m.seq DESC LIMIT 32`,
    );
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    expect((await pendingTexts(db, 'A/m@r/q8', 32)).map((p) => p.id)).toEqual(['new']);
    expect(await coverage(db, 'A/m@r/q8', 51)).toEqual({
      model: 'A/m@r/q8',
      embedded: 50,
      total: 51,
    });
  });

  it('a memory that takes the seq of a removed newest memory is still looked at', async () => {
    const { t, db, put } = await fresh();
    await put('a');
    await put('b');
    await t.sql.run(
      `INSERT INTO memory_vectors (memory_id, model, dim, vector)
       SELECT id, 'A/m@r/q8', 1, x'00000000' FROM memories`,
    );
    expect(await pendingTexts(db, 'A/m@r/q8', 10)).toEqual([]);
    await t.sql.run("DELETE FROM memories WHERE id = 'b'");
    await put('c');
    expect(await t.sql.all("SELECT seq FROM memories WHERE id = 'c'")).toEqual([{ seq: 2 }]);
    expect((await pendingTexts(db, 'A/m@r/q8', 10)).map((p) => p.id)).toEqual(['c']);
  });

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`agrees with a full scan after every kind of write (seed ${seed})`, async () => {
      const { t, db, put } = await fresh();
      const random = seeded(seed);
      const pick = async (where: string): Promise<{ id: string; seq: number } | undefined> => {
        const rows = await t.sql.all<{ id: string; seq: number }>(
          `SELECT id, seq FROM memories WHERE ${where}`,
        );
        return rows[Math.floor(random() * rows.length)];
      };
      let next = 0;
      for (let step = 0; step < 300; step++) {
        const model = MODELS[Math.floor(random() * MODELS.length)] as string;
        const r = random();
        if (r < 0.3) {
          await put(`m${next}`, `text ${next}`);
          next++;
        } else if (r < 0.4) {
          const m = await pick('1');
          if (m)
            await t.sql.run('UPDATE memories SET text = ? WHERE id = ?', [`edit ${step}`, m.id]);
        } else if (r < 0.48) {
          const m = await pick('deleted = 0');
          if (m) await t.sql.run('UPDATE memories SET deleted = 1 WHERE id = ?', [m.id]);
        } else if (r < 0.56) {
          const m = await pick('deleted = 1');
          if (m) await t.sql.run('UPDATE memories SET deleted = 0 WHERE id = ?', [m.id]);
        } else if (r < 0.62) {
          // Often the newest row: its seq goes to the next insert.
          const m =
            random() < 0.5 ? await pick('seq = (SELECT max(seq) FROM memories)') : await pick('1');
          if (m) await t.sql.run('DELETE FROM memories WHERE id = ?', [m.id]);
        } else if (r < 0.9) {
          // A backfill round that stores only some of what it was given (edits race it).
          const pending = await pendingTexts(db, model, 1 + Math.floor(random() * 6));
          for (const p of pending) {
            if (random() < 0.8) {
              await t.sql.run(
                `INSERT INTO memory_vectors (memory_id, model, dim, vector) VALUES (?, ?, 1, x'00000000')`,
                [p.id, model],
              );
            }
          }
        } else if (r < 0.93) {
          await t.sql.run('DELETE FROM memory_vectors WHERE model = ?', [model]);
        }
        for (const m of MODELS) {
          const expected = await scanPending(t, m);
          const limit = 1 + Math.floor(random() * 8);
          expect((await pendingTexts(db, m, limit)).map((p) => p.id)).toEqual(
            expected.slice(0, limit),
          );
          const live = await t.sql.all<{ n: number }>(
            'SELECT count(*) AS n FROM memories WHERE deleted = 0',
          );
          const c = await coverage(db, m, live[0]?.n ?? 0);
          expect(c.embedded).toBe(await scanEmbedded(t, m));
          expect(c.total - c.embedded).toBe(expected.length);
        }
      }
      // The run did raise the marks (or the test would prove nothing).
      const marks = await t.sql.all<{ below: number }>('SELECT below FROM vector_complete');
      expect(marks.some((m) => m.below > 0)).toBe(true);
    });
  }
});
