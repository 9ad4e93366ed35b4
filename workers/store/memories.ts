/**
 * Memory queries. The rows are written only by the chain's projection (chain/project.ts); this
 * file reads them: one memory, list windows, counts and full-text search. Callers hold the
 * connection's mutex.
 */
import type { HlcString } from '../../src/core/hlc.ts';
import type { DeviceId, MemoryId } from '@kiana/shared/ids';
import { toFtsQuery } from '../../src/core/memory/fts-query.ts';
import { ELLIPSIS, MARK_END, MARK_START } from '../../src/core/memory/snippet.ts';
import type {
  ListArgs,
  Memory,
  MemorySource,
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
