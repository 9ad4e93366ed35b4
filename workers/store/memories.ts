/**
 * Memory queries. Every write stamps a hybrid-logical-clock time, so "newest" survives clock
 * changes and, later, merges with other devices. Callers hold the connection's mutex.
 */
import { KianaError } from '../../src/core/errors.ts';
import { encodeHlc, type HlcClock, type HlcString } from '../../src/core/hlc.ts';
import type { DeviceId, MemoryId } from '../../src/core/ids.ts';
import { toFtsQuery } from '../../src/core/memory/fts-query.ts';
import { ELLIPSIS, MARK_END, MARK_START } from '../../src/core/memory/snippet.ts';
import type {
  EditArgs,
  ListArgs,
  Memory,
  MemorySource,
  PutArgs,
  SearchArgs,
  SearchResult,
} from '../../src/core/memory/types.ts';
import type { Sql, SqlRow } from './sqlite.ts';

interface MemoryRow extends SqlRow {
  id: string;
  text: string;
  source: string;
  tags: string;
  device: string;
  created_hlc: string;
  updated_hlc: string;
  deleted: number;
}

const COLUMNS = 'id, text, source, tags, device, created_hlc, updated_hlc, deleted';
/** Newest first; `seq` breaks ties between rows imported with equal clocks. */
const NEWEST_FIRST = 'ORDER BY created_hlc DESC, seq DESC';

/** The wall time inside an encoded HLC: its first 12 hex digits. */
const wallOf = (hlc: string): number => parseInt(hlc.slice(0, 12), 16) || 0;

function toMemory(row: MemoryRow): Memory {
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
export async function getMemory(sql: Sql, id: MemoryId): Promise<Memory | null> {
  const row = await sql.get<MemoryRow>(`SELECT ${COLUMNS} FROM memories WHERE id = ?`, [id]);
  return row ? toMemory(row) : null;
}

async function mustGet(sql: Sql, id: MemoryId): Promise<Memory> {
  const memory = await getMemory(sql, id);
  if (!memory) throw new KianaError('not-found', `no memory ${id}`);
  return memory;
}

/** Inserts a memory unless its id is stored (a repeated put changes nothing); true if it did. */
async function insertMemory(
  sql: Sql,
  clock: HlcClock,
  device: DeviceId,
  args: PutArgs,
): Promise<boolean> {
  const now = encodeHlc(clock.tick());
  const changed = await sql.run(
    `INSERT INTO memories (id, text, source, tags, device, created_hlc, updated_hlc)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    [args.id, args.text, args.source, JSON.stringify(args.tags), device, now, now],
  );
  return changed > 0;
}

/**
 * Creates a memory unless one with this id exists; either way returns the stored memory.
 * `created` tells whether this call wrote it: a put retried after a lost answer (or replayed to a
 * new leader tab) changes nothing, and never overwrites a later edit.
 */
export async function putMemory(
  sql: Sql,
  clock: HlcClock,
  device: DeviceId,
  args: PutArgs,
): Promise<{ memory: Memory; created: boolean }> {
  const created = await insertMemory(sql, clock, device, args);
  return { memory: await mustGet(sql, args.id), created };
}

/**
 * `putMemory` for many memories, without reading the rows back: a bulk write (seeding,
 * benchmarks) needs only which ids were new. Returns those ids.
 */
export async function putMemories(
  sql: Sql,
  clock: HlcClock,
  device: DeviceId,
  items: readonly PutArgs[],
): Promise<MemoryId[]> {
  const added: MemoryId[] = [];
  for (const args of items) {
    if (await insertMemory(sql, clock, device, args)) added.push(args.id);
  }
  return added;
}

/**
 * Changes text and/or tags of a live memory. Editing to what is already stored changes nothing
 * (a retried edit keeps its first timestamp). A deleted memory is `not-found`: undelete first.
 */
export async function editMemory(
  sql: Sql,
  clock: HlcClock,
  args: EditArgs,
): Promise<{ memory: Memory; changed: boolean }> {
  const current = await mustGet(sql, args.id);
  if (current.deleted) throw new KianaError('not-found', `memory ${args.id} is deleted`);
  const text = args.text ?? current.text;
  const tags = args.tags ?? current.tags;
  if (text === current.text && JSON.stringify(tags) === JSON.stringify(current.tags)) {
    return { memory: current, changed: false };
  }
  await sql.run('UPDATE memories SET text = ?, tags = ?, updated_hlc = ? WHERE id = ?', [
    text,
    JSON.stringify(tags),
    encodeHlc(clock.tick()),
    args.id,
  ]);
  return { memory: await mustGet(sql, args.id), changed: true };
}

/** Sets or clears the soft-delete flag; idempotent. */
export async function setDeleted(
  sql: Sql,
  clock: HlcClock,
  id: MemoryId,
  deleted: boolean,
): Promise<{ memory: Memory; changed: boolean }> {
  const changed = await sql.run(
    'UPDATE memories SET deleted = ?, updated_hlc = ? WHERE id = ? AND deleted = ?',
    [deleted ? 1 : 0, encodeHlc(clock.tick()), id, deleted ? 0 : 1],
  );
  return { memory: await mustGet(sql, id), changed: changed > 0 };
}

/** How many memories a list shows. */
export async function countMemories(sql: Sql, includeDeleted: boolean): Promise<number> {
  const where = includeDeleted ? '' : 'WHERE deleted = 0';
  const row = await sql.get<{ n: number }>(`SELECT count(*) AS n FROM memories ${where}`);
  return row?.n ?? 0;
}

/**
 * One window of the list, newest first. The window's rows are chosen by an index-only
 * subquery, so skipping 100,000 rows walks the index, not the table (about 1 ms at 100k rows).
 */
export async function listMemories(sql: Sql, args: ListArgs): Promise<Memory[]> {
  const where = args.includeDeleted ? '' : 'WHERE deleted = 0';
  const rows = await sql.all<MemoryRow>(
    `SELECT ${COLUMNS} FROM memories WHERE seq IN (
       SELECT seq FROM memories ${where} ${NEWEST_FIRST} LIMIT ? OFFSET ?
     ) ${NEWEST_FIRST}`,
    [args.limit, args.offset],
  );
  return rows.map(toMemory);
}

/** Tokens of context around matches in a snippet. */
const SNIPPET_TOKENS = 16;

/**
 * Full-text search, best match first (BM25 with text weighted above tags). The query is parsed
 * into a safe FTS5 expression first; input with nothing searchable returns no hits, not an error.
 */
export async function searchMemories(sql: Sql, args: SearchArgs): Promise<SearchResult> {
  const expression = toFtsQuery(args.query);
  if (expression === null) return { hits: [], expression };
  const rows = await sql.all<MemoryRow & { snippet: string; rank: number }>(
    `SELECT ${COLUMNS.split(', ')
      .map((c) => `m.${c}`)
      .join(', ')},
       snippet(memories_fts, 0, ?, ?, ?, ${SNIPPET_TOKENS}) AS snippet,
       bm25(memories_fts, 1.0, 0.5) AS rank
     FROM memories_fts JOIN memories m ON m.seq = memories_fts.rowid
     WHERE memories_fts MATCH ? AND m.deleted = 0
     ORDER BY rank LIMIT ?`,
    [MARK_START, MARK_END, ELLIPSIS, expression, args.limit],
  );
  return {
    hits: rows.map((r) => ({ memory: toMemory(r), snippet: r.snippet, score: -r.rank })),
    expression,
  };
}

/**
 * The newest clock value stored, so a restarted worker never issues an older timestamp.
 * `updated_hlc` is never older than `created_hlc`, so its maximum is the newest of both.
 */
export async function latestHlc(sql: Sql): Promise<string | null> {
  const row = await sql.get<{ hlc: string | null }>(
    'SELECT max(updated_hlc) AS hlc FROM memories WHERE length(updated_hlc) = 44',
  );
  return row?.hlc ?? null;
}
