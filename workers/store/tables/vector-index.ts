/**
 * The `vector_index` and `vector_index_parts` tables (schema v6): a model's saved vector index as
 * bytes in parts, and the state of the model's vectors they reflect. Saving writes the parts first
 * and the header row last, so an interrupted save leaves no header and is never loaded; loading
 * returns null unless the header matches the vectors now stored.
 */
import type { Locked } from '../lock.ts';
import type { VectorsState } from './memory-vectors.ts';

/** Bytes per part: large enough to be few, small enough to be cheap in SQLite's heap. */
export const PART_BYTES = 8 * 1024 * 1024;

/**
 * Where a saved index is: its size and parts. Only a head that reflects exactly the vectors now
 * stored is returned (none saved, a save cut short, or vectors changed since: null). The bytes
 * themselves are checked by the loader.
 */
export interface SavedHead {
  readonly generation: number;
  readonly vectors: number;
  readonly parts: number;
  readonly bytes: number;
}

export async function savedHead(
  db: Locked,
  model: string,
  state: VectorsState,
): Promise<SavedHead | null> {
  const head = await db.get<{ generation: number; vectors: number; parts: number; bytes: number }>(
    'SELECT generation, vectors, parts, bytes FROM vector_index WHERE model = ?',
    [model],
  );
  if (!head || head.generation !== state.generation || head.vectors !== state.vectors) return null;
  return head;
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

/** The saved bytes of `model`'s index when they match `state` (intact or not); else null. */
export async function readSavedIndex(
  db: Locked,
  model: string,
  state: VectorsState,
): Promise<Uint8Array | null> {
  const head = await savedHead(db, model, state);
  return head ? joinParts(head, (part) => readPart(db, model, part)) : null;
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

/** Drops parts beyond the new ones and writes the header that makes them count. */
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
  });
}
