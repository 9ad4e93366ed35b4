/**
 * The `memory_vectors` table (and `vector_changes`, which its triggers keep): which memories
 * still need a vector of a model, storing vectors (only for the text they were made from),
 * coverage, and one model's vectors for its index.
 */
import { decodeVector, encodeVector } from '../../../src/core/embedding/codec.ts';
import type { PendingText, VectorCoverage, VectorItem } from '../../../src/core/embedding/types.ts';
import type { MemoryId } from '@kiana/shared/ids';
import type { Locked } from '../lock.ts';

/** Live memories without a vector of `model`, newest first (what a person searches first). */
export async function pendingTexts(
  db: Locked,
  model: string,
  limit: number,
): Promise<PendingText[]> {
  const rows = await db.all<{ id: string; text: string }>(
    `SELECT m.id, m.text FROM memories m
     WHERE m.deleted = 0 AND NOT EXISTS (
       SELECT 1 FROM memory_vectors v WHERE v.memory_id = m.id AND v.model = ?)
     ORDER BY m.seq DESC LIMIT ?`,
    [model, limit],
  );
  return rows.map((r) => ({ id: r.id as MemoryId, text: r.text }));
}

/** How many live memories have a vector of `model`. */
export async function coverage(db: Locked, model: string): Promise<VectorCoverage> {
  const row = await db.get<{ embedded: number; total: number }>(
    `SELECT
       (SELECT count(*) FROM memory_vectors v JOIN memories m ON m.id = v.memory_id
         WHERE v.model = ? AND m.deleted = 0) AS embedded,
       (SELECT count(*) FROM memories WHERE deleted = 0) AS total`,
    [model],
  );
  return { model, embedded: row?.embedded ?? 0, total: row?.total ?? 0 };
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

/** Which of `ids` still have a vector of `model` (guards against a stale in-memory index). */
export async function withVectors(
  db: Locked,
  model: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.all<{ memory_id: string }>(
    `SELECT memory_id FROM memory_vectors
     WHERE model = ? AND memory_id IN (${ids.map(() => '?').join(',')})`,
    [model, ...ids],
  );
  return new Set(rows.map((r) => r.memory_id));
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
