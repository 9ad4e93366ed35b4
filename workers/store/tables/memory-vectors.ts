/**
 * The `memory_vectors` table (and `vector_changes`, which its triggers keep): which memories
 * still need a vector of a model, storing vectors (only for the text they were made from),
 * coverage, and one model's vectors for its index.
 */
import { decodeVector, encodeVector } from '../../../src/core/embedding/codec.ts';
import type { PendingText, VectorCoverage, VectorItem } from '../../../src/core/embedding/types.ts';
import type { MemoryId } from '@kiana/shared/ids';
import type { Locked } from '../lock.ts';

/** Every live memory at or below this `seq` has a vector of `model` (schema v9). */
async function completeBelow(db: Locked, model: string): Promise<number> {
  const row = await db.get<{ below: number }>('SELECT below FROM vector_complete WHERE model = ?', [
    model,
  ]);
  return row?.below ?? 0;
}

/**
 * Live memories without a vector of `model`, newest first (what a person searches first). Only
 * memories above the model's `vector_complete` mark are looked at; a look that lists everything
 * pending there raises the mark to just below the oldest one it found, so the next look after a
 * save walks a handful of rows instead of every memory.
 */
export async function pendingTexts(
  db: Locked,
  model: string,
  limit: number,
): Promise<PendingText[]> {
  const below = await completeBelow(db, model);
  // `+deleted`: walk the rowid range downwards rather than the `memories_live` index.
  const rows = await db.all<{ seq: number; id: string; text: string }>(
    `SELECT m.seq, m.id, m.text FROM memories m
     WHERE m.seq > ? AND +m.deleted = 0 AND NOT EXISTS (
       SELECT 1 FROM memory_vectors v WHERE v.memory_id = m.id AND v.model = ?)
     ORDER BY m.seq DESC LIMIT ?`,
    [below, model, limit],
  );
  if (rows.length < limit) {
    const oldest = rows[rows.length - 1];
    const mark = oldest
      ? oldest.seq - 1
      : ((await db.get<{ seq: number | null }>('SELECT max(seq) AS seq FROM memories'))?.seq ?? 0);
    // The mark only saves work: a look that cannot write it (a full disk) still answers.
    if (mark > below) {
      await db
        .run(
          `INSERT INTO vector_complete (model, below) VALUES (?, ?)
           ON CONFLICT (model) DO UPDATE SET below = excluded.below`,
          [model, mark],
        )
        .catch((error: unknown) => {
          console.warn('[vectors] could not keep where the backfill may start', error);
        });
    }
  }
  return rows.map((r) => ({ id: r.id as MemoryId, text: r.text }));
}

/**
 * How many of the `total` live memories have a vector of `model`: all but those pending, which
 * all sit above the model's `vector_complete` mark (joining every vector cost ~140 ms at 100k).
 * `total` comes from the store's kept counts (counts.ts), which a list asks for too.
 */
export async function coverage(
  db: Locked,
  model: string,
  total: number,
): Promise<Omit<VectorCoverage, 'index' | 'indexing'>> {
  const row = await db.get<{ pending: number }>(
    `SELECT count(*) AS pending FROM memories m
     WHERE m.seq > ? AND +m.deleted = 0 AND NOT EXISTS (
       SELECT 1 FROM memory_vectors v WHERE v.memory_id = m.id AND v.model = ?)`,
    [await completeBelow(db, model), model],
  );
  return { model, embedded: total - (row?.pending ?? 0), total };
}

/**
 * Stores vectors whose memory still has exactly the embedded text (an edit that raced the
 * embedding wins: its own vector comes with the next backfill round). Returns the stored ones.
 */
export async function storeVectors(
  db: Locked,
  model: string,
  dim: number,
  items: readonly VectorItem[],
): Promise<VectorItem[]> {
  const stored: VectorItem[] = [];
  for (const item of items) {
    const n = await db.run(
      `INSERT INTO memory_vectors (memory_id, model, dim, vector)
       SELECT id, ?, ?, ? FROM memories WHERE id = ? AND text = ?
       ON CONFLICT (memory_id, model) DO UPDATE SET dim = excluded.dim, vector = excluded.vector`,
      [model, dim, encodeVector(item.vector), item.id, item.text],
    );
    if (n > 0) stored.push(item);
  }
  return stored;
}

/** Every vector of `model` (soft-deleted memories included: search filters them). */
export async function loadVectors(
  db: Locked,
  model: string,
): Promise<{ id: string; vector: Float32Array }[]> {
  const rows = await db.all<{ memory_id: string; dim: number; vector: Uint8Array }>(
    'SELECT memory_id, dim, vector FROM memory_vectors WHERE model = ?',
    [model],
  );
  return rows.map((r) => ({ id: r.memory_id, vector: decodeVector(r.vector, r.dim) }));
}

/** The length of `model`'s stored vectors, or null when it has none. */
export async function storedDims(db: Locked, model: string): Promise<number | null> {
  const row = await db.get<{ dim: number }>(
    'SELECT dim FROM memory_vectors WHERE model = ? LIMIT 1',
    [model],
  );
  return row?.dim ?? null;
}

/** The stored vectors of `model` for `ids` (those that have one). */
export async function vectorsOf(
  db: Locked,
  model: string,
  ids: readonly string[],
): Promise<Map<string, Float32Array>> {
  const rows = await db.all<{ memory_id: string; dim: number; vector: Uint8Array }>(
    `SELECT memory_id, dim, vector FROM memory_vectors
     WHERE model = ? AND memory_id IN (SELECT value FROM json_each(?))`,
    [model, JSON.stringify(ids)],
  );
  return new Map(rows.map((r) => [r.memory_id, decodeVector(r.vector, r.dim)]));
}

/**
 * Which of `ids` are live memories that still have a vector of `model` (guards against a stale
 * in-memory index and the soft-deleted memories it keeps for Undo), with their `seq`. One
 * statement: the searches used to ask twice. `+deleted` keeps SQLite off the `memories_live`
 * index: the store never runs ANALYZE, and without statistics the planner preferred
 * `deleted = ?` there, walking every live row (10 ms at 20k memories, per search) instead of a
 * lookup per id (tests/unit/storage/query-plans.test.ts).
 */
export async function liveWithVectors(
  db: Locked,
  model: string,
  ids: readonly string[],
): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.all<{ seq: number; id: string }>(
    `SELECT m.seq, m.id FROM memories m INDEXED BY memories_live_by_id
     JOIN memory_vectors v ON v.memory_id = m.id AND v.model = ?
     WHERE +m.deleted = 0 AND m.id IN (SELECT value FROM json_each(?))`,
    [model, JSON.stringify(ids)],
  );
  return new Map(rows.map((r) => [r.id, r.seq]));
}

/** The vectors of `model` as they stand: how often they changed, and how many there are. */
export interface VectorsState {
  readonly generation: number;
  readonly vectors: number;
}

export async function vectorsState(db: Locked, model: string): Promise<VectorsState> {
  const row = await db.get<{ generation: number; vectors: number }>(
    `SELECT
       (SELECT generation FROM vector_changes WHERE model = ?) AS generation,
       (SELECT count(*) FROM memory_vectors WHERE model = ?) AS vectors`,
    [model, model],
  );
  return { generation: row?.generation ?? 0, vectors: row?.vectors ?? 0 };
}
