/**
 * The saved form of a model's vector index (schema v6): its bytes in parts, and the change count
 * of the model's vectors they reflect. Saving writes the parts first and the header row last, so
 * an interrupted save leaves no header and is never loaded; loading returns null unless the header
 * matches the vectors now stored. Callers hold the connection's mutex for each call.
 */
import type { Sql } from './sqlite.ts';

/** Bytes per part: large enough to be few, small enough to be cheap in SQLite's heap. */
export const PART_BYTES = 8 * 1024 * 1024;

/** The vectors of `model` as they stand: how often they changed, and how many there are. */
export interface VectorsState {
  readonly generation: number;
  readonly vectors: number;
}

export async function vectorsState(sql: Sql, model: string): Promise<VectorsState> {
  const row = await sql.get<{ generation: number; vectors: number }>(
    `SELECT
       (SELECT generation FROM vector_changes WHERE model = ?) AS generation,
       (SELECT count(*) FROM memory_vectors WHERE model = ?) AS vectors`,
    [model, model],
  );
  return { generation: row?.generation ?? 0, vectors: row?.vectors ?? 0 };
}

/**
 * The saved bytes of `model`'s index if they reflect exactly `state`, else null (none saved, a
 * save cut short, or vectors changed since). The bytes themselves are checked by the loader.
 */
/** Where a saved index is: its size and parts, when it matches `state`; else null. */
export interface SavedHead {
  readonly generation: number;
  readonly vectors: number;
  readonly parts: number;
  readonly bytes: number;
}

export async function savedHead(
  sql: Sql,
  model: string,
  state: VectorsState,
): Promise<SavedHead | null> {
  const head = await sql.get<{ generation: number; vectors: number; parts: number; bytes: number }>(
    'SELECT generation, vectors, parts, bytes FROM vector_index WHERE model = ?',
    [model],
  );
  if (!head || head.generation !== state.generation || head.vectors !== state.vectors) return null;
  return head;
}

/** Part `part` of a saved index, or null when it is missing. */
export async function readPart(sql: Sql, model: string, part: number): Promise<Uint8Array | null> {
  const row = await sql.get<{ bytes: Uint8Array }>(
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
  sql: Sql,
  model: string,
  state: VectorsState,
): Promise<Uint8Array | null> {
  const head = await savedHead(sql, model, state);
  return head ? joinParts(head, (part) => readPart(sql, model, part)) : null;
}

/** Drops the header first, so the parts written next are not trusted until `finishSave`. */
export async function beginSave(sql: Sql, model: string): Promise<void> {
  await sql.run('DELETE FROM vector_index WHERE model = ?', [model]);
}

/** Writes part `part` of `bytes`. */
export async function writePart(
  sql: Sql,
  model: string,
  bytes: Uint8Array,
  part: number,
): Promise<void> {
  await sql.run('INSERT OR REPLACE INTO vector_index_parts (model, part, bytes) VALUES (?, ?, ?)', [
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
  sql: Sql,
  model: string,
  bytes: Uint8Array,
  state: VectorsState,
): Promise<void> {
  const parts = partCount(bytes);
  await sql.transaction(async () => {
    await sql.run('DELETE FROM vector_index_parts WHERE model = ? AND part >= ?', [model, parts]);
    await sql.run(
      `INSERT OR REPLACE INTO vector_index (model, generation, vectors, parts, bytes)
       VALUES (?, ?, ?, ?, ?)`,
      [model, state.generation, state.vectors, parts, bytes.length],
    );
  });
}
