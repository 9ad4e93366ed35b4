/**
 * The `vector_index` and `vector_index_parts` tables (schema v6): a model's saved vector index as
 * bytes in parts, and the state of the model's vectors they reflect; and `vector_journal` (v12):
 * the memories whose vector changed since. Saving writes the parts first and the header row last,
 * so an interrupted save leaves no header and is never loaded; loading returns null unless the
 * header plus the journal since it account for every change of the vectors now stored.
 */
import type { Locked } from '../lock.ts';
import type { VectorsState } from './memory-vectors.ts';

/** Bytes per part: large enough to be few, small enough to be cheap in SQLite's heap. */
export const PART_BYTES = 8 * 1024 * 1024;

/**
 * Most journaled changes a saved index may be behind and still be loaded (each is replayed, about
 * 1 ms into a graph of 100k); beyond it the index is saved whole again.
 */
export const JOURNAL_LIMIT = 1000;

/**
 * Where a saved index is: its size and parts, and how many changes it is behind. Only a head the
 * journal brings up to the vectors now stored is returned (none saved, a save cut short, changes
 * not journaled — made before v12 — or more than `limit` of them: null). The bytes themselves are
 * checked by the loader, and the replayed index's size against the rows.
 */
export interface SavedHead {
  readonly generation: number;
  readonly vectors: number;
  readonly parts: number;
  readonly bytes: number;
  /** Journaled changes since `generation`, to replay after loading. */
  readonly behind: number;
}

export async function savedHead(
  db: Locked,
  model: string,
  state: VectorsState,
  limit = JOURNAL_LIMIT,
): Promise<SavedHead | null> {
  const head = await db.get<{
    generation: number;
    vectors: number;
    parts: number;
    bytes: number;
    journaled: number;
  }>(
    `SELECT generation, vectors, parts, bytes,
       (SELECT count(*) FROM vector_journal j WHERE j.model = h.model AND j.generation > h.generation)
         AS journaled
     FROM vector_index h WHERE model = ?`,
    [model],
  );
  if (!head) return null;
  const behind = state.generation - head.generation;
  // Every generation since the save must be journaled: a gap is a change the journal missed.
  if (behind < 0 || behind > limit || head.journaled !== behind) return null;
  if (behind === 0 && head.vectors !== state.vectors) return null;
  const { generation, vectors, parts, bytes } = head;
  return { generation, vectors, parts, bytes, behind };
}

/** The memories journaled for `model` after `generation`: a saved index is behind on them. */
export async function journaledSince(
  db: Locked,
  model: string,
  generation: number,
): Promise<string[]> {
  const rows = await db.all<{ id: string }>(
    'SELECT DISTINCT memory_id AS id FROM vector_journal WHERE model = ? AND generation > ?',
    [model, generation],
  );
  return rows.map((r) => r.id);
}

/** Part `part` of a saved index, or null when it is missing. */
export async function readPart(
  db: Locked,
  model: string,
  part: number,
): Promise<Uint8Array | null> {
  const row = await db.get<{ bytes: Uint8Array }>(
    'SELECT bytes FROM vector_index_parts WHERE model = ? AND part = ?',
    [model, part],
  );
  return row?.bytes ?? null;
}

/**
 * Joins the parts read by `read` into the saved bytes. A missing or oversized part is damage:
 * what is there comes back, and the checksum refuses it.
 */
export async function joinParts(
  head: SavedHead,
  read: (part: number) => Promise<Uint8Array | null>,
): Promise<Uint8Array> {
  const out = new Uint8Array(head.bytes);
  let at = 0;
  for (let part = 0; part < head.parts; part++) {
    const bytes = await read(part);
    if (!bytes || at + bytes.length > out.length) return out.subarray(0, at);
    out.set(bytes, at);
    at += bytes.length;
  }
  return at === out.length ? out : out.subarray(0, at);
}

/**
 * The saved bytes of `model`'s index and their head when the journal brings them up to `state`
 * (intact or not); else null.
 */
export async function readSavedIndex(
  db: Locked,
  model: string,
  state: VectorsState,
  limit = JOURNAL_LIMIT,
): Promise<{ head: SavedHead; bytes: Uint8Array } | null> {
  const head = await savedHead(db, model, state, limit);
  return head ? { head, bytes: await joinParts(head, (part) => readPart(db, model, part)) } : null;
}

/** Drops the header first, so the parts written next are not trusted until `finishSave`. */
export async function beginSave(db: Locked, model: string): Promise<void> {
  await db.run('DELETE FROM vector_index WHERE model = ?', [model]);
}

/** Writes part `part` of `bytes`. */
export async function writePart(
  db: Locked,
  model: string,
  bytes: Uint8Array,
  part: number,
): Promise<void> {
  await db.run('INSERT OR REPLACE INTO vector_index_parts (model, part, bytes) VALUES (?, ?, ?)', [
    model,
    part,
    bytes.subarray(part * PART_BYTES, (part + 1) * PART_BYTES),
  ]);
}

/** How many parts `bytes` take. */
export function partCount(bytes: Uint8Array): number {
  return Math.ceil(bytes.length / PART_BYTES);
}

/**
 * Drops parts beyond the new ones, writes the header that makes them count, and the journal up
 * to its generation (the bytes hold those changes).
 */
export async function finishSave(
  db: Locked,
  model: string,
  bytes: Uint8Array,
  state: VectorsState,
): Promise<void> {
  const parts = partCount(bytes);
  await db.transaction(async () => {
    await db.run('DELETE FROM vector_index_parts WHERE model = ? AND part >= ?', [model, parts]);
    await db.run(
      `INSERT OR REPLACE INTO vector_index (model, generation, vectors, parts, bytes)
       VALUES (?, ?, ?, ?, ?)`,
      [model, state.generation, state.vectors, parts, bytes.length],
    );
    await db.run('DELETE FROM vector_journal WHERE model = ? AND generation <= ?', [
      model,
      state.generation,
    ]);
  });
}
