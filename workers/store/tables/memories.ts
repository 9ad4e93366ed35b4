/**
 * The `memories` table: the one place its row shape and its statements live. The rows are
 * written only by the chain's projection (chain/project.ts); the app reads one memory, list
 * windows and counts (full-text search: memory-search.ts). Import reads the same rows from a candidate file, and
 * the replay of rows from before the chain reads them here too.
 */
import type { HlcString } from '../../../src/core/hlc.ts';
import type { DeviceId, MemoryId } from '@kiana/shared/ids';
import type { ListArgs, Memory, MemorySource } from '../../../src/core/memory/types.ts';
import { MAX_TEXT_LENGTH } from '../../../src/core/memory/validate.ts';
import type { Locked } from '../lock.ts';
import type { Sql, SqlRow } from '../sqlite.ts';

/** A memory as the table stores it (and as an imported file holds it). */
export interface MemoryRow extends SqlRow {
  id: string;
  text: string;
  source: string;
  /** A JSON array of strings. */
  tags: string;
  device: string;
  created_hlc: string;
  updated_hlc: string;
  /** 1 for a deleted memory (a tombstone without text or tags), else 0. */
  deleted: number;
}

/** A row with its position in the table, for reading in chunks. */
export type SeqRow = MemoryRow & { seq: number };

/** The columns of a `MemoryRow`, in order. */
export const COLUMNS = 'id, text, source, tags, device, created_hlc, updated_hlc, deleted';
/** Newest first; `seq` breaks ties between rows imported with equal clocks. */
const NEWEST_FIRST = 'ORDER BY created_hlc DESC, seq DESC';

/** The wall time inside an encoded HLC: its first 12 hex digits. */
const wallOf = (hlc: string): number => parseInt(hlc.slice(0, 12), 16) || 0;

/** A stored row as the app sees it. */
export function toMemory(row: MemoryRow): Memory {
  return {
    id: row.id as MemoryId,
    text: row.text,
    source: row.source as MemorySource,
    tags: JSON.parse(row.tags) as string[],
    device: row.device as DeviceId,
    createdHlc: row.created_hlc as HlcString,
    updatedHlc: row.updated_hlc as HlcString,
    createdAt: wallOf(row.created_hlc),
    updatedAt: wallOf(row.updated_hlc),
    deleted: row.deleted === 1,
  };
}

/** Reads one memory, soft-deleted ones included. */
export async function getMemory(db: Locked, id: MemoryId): Promise<Memory | null> {
  const row = await db.get<MemoryRow>(`SELECT ${COLUMNS} FROM memories WHERE id = ?`, [id]);
  return row ? toMemory(row) : null;
}

/** How many memories a list shows. */
export async function countMemories(db: Locked, includeDeleted: boolean): Promise<number> {
  const where = includeDeleted ? '' : 'WHERE deleted = 0';
  const row = await db.get<{ n: number }>(`SELECT count(*) AS n FROM memories ${where}`);
  return row?.n ?? 0;
}

/**
 * One window of the list, newest first. The window's rows are chosen by an index-only
 * subquery, so skipping 100,000 rows walks the index, not the table (about 1 ms at 100k rows).
 */
export async function listMemories(db: Locked, args: ListArgs): Promise<Memory[]> {
  const where = args.includeDeleted ? '' : 'WHERE deleted = 0';
  const rows = await db.all<MemoryRow>(
    `SELECT ${COLUMNS} FROM memories WHERE seq IN (
       SELECT seq FROM memories ${where} ${NEWEST_FIRST} LIMIT ? OFFSET ?
     ) ${NEWEST_FIRST}`,
    [args.limit, args.offset],
  );
  return rows.map(toMemory);
}

/** Reads the memories of `ids` in one statement (soft-deleted ones included), by id. */
export async function getMemories(
  db: Locked,
  ids: readonly string[],
): Promise<Map<string, Memory>> {
  if (ids.length === 0) return new Map();
  const rows = await db.all<MemoryRow>(
    `SELECT ${COLUMNS} FROM memories WHERE id IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(ids)],
  );
  return new Map(rows.map((r) => [r.id, toMemory(r)]));
}

/**
 * The newest clock value stored, so a restarted worker never issues an older timestamp.
 * `updated_hlc` is never older than `created_hlc`, so its maximum is the newest of both.
 */
export async function latestHlc(db: Locked): Promise<string | null> {
  const row = await db.get<{ hlc: string | null }>(
    'SELECT max(updated_hlc) AS hlc FROM memories WHERE length(updated_hlc) = 44',
  );
  return row?.hlc ?? null;
}

/** Up to `limit` rows after `seq`, in table order (the replay of rows from before the chain). */
export function rowsAfter(db: Locked, after: number, limit: number): Promise<SeqRow[]> {
  return db.all<SeqRow>(`SELECT seq, ${COLUMNS} FROM memories WHERE seq > ? ORDER BY seq LIMIT ?`, [
    after,
    limit,
  ]);
}

/** Empties text and tags of deleted rows that still have them (rows from before the chain). */
export async function clearDeletedContent(db: Locked): Promise<void> {
  await db.run(
    `UPDATE memories SET text = '', tags = '[]'
     WHERE deleted = 1 AND (text <> '' OR tags <> '[]')`,
  );
}

/**
 * Makes `id` a tombstone: no text, no tags, deleted. Clearing text fires the FTS trigger, whose
 * 'delete' (secure-delete) drops its tokens. Returns the rows changed (0: it was one already).
 */
export function hideMemory(db: Locked, id: MemoryId, updatedHlc: string): Promise<number> {
  return db.run(
    `UPDATE memories SET text = '', tags = '[]', deleted = 1, updated_hlc = ?
     WHERE id = ? AND (deleted = 0 OR text <> '' OR tags <> '[]')`,
    [updatedHlc, id],
  );
}

/** A shown memory's row as the projection writes it (`deleted` is 0). */
export type ShownRow = Pick<
  MemoryRow,
  'id' | 'text' | 'source' | 'tags' | 'device' | 'created_hlc' | 'updated_hlc'
>;

/**
 * Writes a shown memory: inserts it, or updates what differs. Text and tags are set only when
 * they differ, since setting them fires the FTS trigger, which re-indexes. Returns the rows
 * changed (0: it was stored like this already).
 */
export async function writeMemory(db: Locked, row: ShownRow): Promise<number> {
  const values = [
    row.id,
    row.text,
    row.source,
    row.tags,
    row.device,
    row.created_hlc,
    row.updated_hlc,
  ];
  const inserted = await db.run(
    `INSERT INTO memories (id, text, source, tags, device, created_hlc, updated_hlc, deleted)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (id) DO NOTHING`,
    values,
  );
  if (inserted > 0) return inserted;
  const content = await db.run(
    `UPDATE memories SET text = ?2, tags = ?4 WHERE id = ?1
       AND (text IS NOT ?2 OR tags IS NOT ?4)`,
    values,
  );
  const meta = await db.run(
    `UPDATE memories SET source = ?3, device = ?5, created_hlc = ?6, updated_hlc = ?7,
       deleted = 0
     WHERE id = ?1 AND (source IS NOT ?3 OR device IS NOT ?5 OR created_hlc IS NOT ?6
       OR updated_hlc IS NOT ?7 OR deleted = 1)`,
    values,
  );
  return content + meta;
}

/**
 * One chunk of a candidate file's rows, each flagged `ok` when it is a valid memory. A crafted
 * file need not honour our CHECK constraints or id formats, so each rule is checked again here
 * (and the text cleaned in chain/replay-rows.ts).
 */
const FILE_CHUNK = `
  SELECT seq, ${COLUMNS},
    (typeof(id) = 'text' AND length(id) BETWEEN 1 AND 64
    AND id NOT GLOB '*[^A-Za-z0-9_-]*'
    AND typeof(text) = 'text' AND length(text) BETWEEN 1 AND ${MAX_TEXT_LENGTH}
    AND source IN ('typed', 'voice', 'import', 'message')
    AND json_valid(tags) AND json_type(tags) = 'array'
    AND typeof(device) = 'text' AND length(device) = 26 AND device NOT GLOB '*[^a-z2-7]*'
    AND typeof(created_hlc) = 'text' AND length(created_hlc) = 44
    AND created_hlc NOT GLOB '*[^0-9a-z.]*'
    AND typeof(updated_hlc) = 'text' AND length(updated_hlc) = 44
    AND updated_hlc NOT GLOB '*[^0-9a-z.]*'
    AND deleted IN (0, 1)) AS ok
  FROM memories WHERE seq > ? ORDER BY seq LIMIT ?`;

/**
 * Reads up to `limit` rows after `after` from a checked candidate file (a scratch connection on
 * the store's SQLite instance: the caller holds the store's lock). Returns the valid rows, how
 * many were not, and the last seq read (null: none left).
 */
export async function fileChunk(
  file: Sql,
  after: number,
  limit: number,
): Promise<{ rows: MemoryRow[]; invalid: number; last: number | null }> {
  const all = await file.all<SeqRow & { ok: number }>(FILE_CHUNK, [after, limit]);
  const rows = all.filter((r) => r.ok === 1);
  return { rows, invalid: all.length - rows.length, last: all.at(-1)?.seq ?? null };
}

/** How many rows a candidate file's memories table has, and the bytes of their text and tags. */
export async function fileContentSize(file: Sql): Promise<{ rows: number; bytes: number }> {
  const size = await file.get<{ n: number; bytes: number }>(
    `SELECT count(*) AS n, total(length(CAST(text AS BLOB)) + length(CAST(tags AS BLOB))) AS bytes
     FROM memories`,
  );
  return { rows: size?.n ?? 0, bytes: size?.bytes ?? 0 };
}
