/**
 * Full-text search over `memories_fts` (FTS5, external content over `memories`). What a search
 * costs is decided by how many memories match, so the query counts them first (FTS5 alone, no
 * join: ~0.2 ms for a word in 1 % of 100k memories, ~2.5 ms for one in half of them) and then:
 *
 * - up to `RANK_LIMIT` matches: BM25 inside FTS5 picks the page's rows by rowid alone, and only
 *   those rows are joined and given snippets. The former single query joined `memories` and built
 *   a snippet for every match before `ORDER BY rank LIMIT 50` (27 ms p50 for a common word at
 *   100k in Chromium).
 * - more: the latest stored first (FTS5 walks its doclist backwards and stops after the page).
 *   Ranking 30–50k matches by BM25 costs 80–200 ms, and a word in a third of all notes has an
 *   inverse document frequency near zero: the order would say little more than "short notes
 *   first". The result says which order it used.
 *
 * Deleted memories are tombstones without text or tags (chain/project.ts, `hideMemory`), so the
 * index holds no tokens for them and counting without the join counts only live memories.
 */
import { toFtsQuery } from '../../../src/core/memory/fts-query.ts';
import { ELLIPSIS, MARK_END, MARK_START } from '../../../src/core/memory/snippet.ts';
import type { SearchArgs, SearchResult } from '../../../src/core/memory/types.ts';
import type { Locked } from '../lock.ts';
import { COLUMNS, toMemory, type MemoryRow } from './memories.ts';

/**
 * Matches up to which a query is ranked by BM25. Measured in Node on the bench corpus at 100k
 * (same wasm): BM25 ordering costs about 2.5 µs per match (3 ms at 1.2k matches, 10 ms at 4k),
 * and Chromium on OPFS adds about half again, so 2,000 keeps the ranked path under 10 ms.
 */
export const RANK_LIMIT = 2_000;

/** Tokens of context around matches in a snippet. */
const SNIPPET_TOKENS = 16;
/** Text weighs twice as much as tags in BM25. */
const RANK = "rank MATCH 'bm25(1.0, 0.5)'";
const SNIPPET = `snippet(memories_fts, 0, ?2, ?3, ?4, ${SNIPPET_TOKENS})`;
const M_COLUMNS = COLUMNS.split(', ')
  .map((c) => `m.${c}`)
  .join(', ');

type HitRow = MemoryRow & { seq: number; snippet: string };

/** How many live memories match `expression`. */
async function countMatches(db: Locked, expression: string): Promise<number> {
  const row = await db.get<{ n: number }>(
    'SELECT count(*) AS n FROM memories_fts WHERE memories_fts MATCH ?',
    [expression],
  );
  return row?.n ?? 0;
}

/** One page of the BM25 ranking: rowids first, then rows and snippets for that page only. */
async function bestMatches(
  db: Locked,
  expression: string,
  limit: number,
  offset: number,
): Promise<{ rows: HitRow[]; ranks: Map<number, number> }> {
  const top = await db.all<{ seq: number; rank: number }>(
    `SELECT rowid AS seq, rank FROM memories_fts WHERE memories_fts MATCH ? AND ${RANK}
     ORDER BY rank LIMIT ? OFFSET ?`,
    [expression, limit, offset],
  );
  const ranks = new Map(top.map((t) => [t.seq, t.rank]));
  if (top.length === 0) return { rows: [], ranks };
  const seqs = top.map((t) => t.seq);
  // The rowid range lets FTS5 seek; `+` keeps the IN list from being handed to FTS5 as a
  // constraint (it would then re-run the match once per rowid). snippet() runs only for rows
  // that pass the WHERE clause: the page.
  const rows = await db.all<HitRow>(
    `SELECT ${M_COLUMNS}, m.seq AS seq, ${SNIPPET} AS snippet
     FROM memories_fts JOIN memories m ON m.seq = memories_fts.rowid
     WHERE memories_fts MATCH ?1 AND memories_fts.rowid BETWEEN ?5 AND ?6
       AND +memories_fts.rowid IN (SELECT value FROM json_each(?7)) AND m.deleted = 0`,
    [
      expression,
      MARK_START,
      MARK_END,
      ELLIPSIS,
      Math.min(...seqs),
      Math.max(...seqs),
      JSON.stringify(seqs),
    ],
  );
  rows.sort((a, b) => (ranks.get(a.seq) ?? 0) - (ranks.get(b.seq) ?? 0));
  return { rows, ranks };
}

/** One page of the matches, latest stored first: FTS5 stops after the page. */
function latestMatches(
  db: Locked,
  expression: string,
  limit: number,
  offset: number,
): Promise<HitRow[]> {
  return db.all<HitRow>(
    `SELECT ${M_COLUMNS}, m.seq AS seq, ${SNIPPET} AS snippet
     FROM memories_fts JOIN memories m ON m.seq = memories_fts.rowid
     WHERE memories_fts MATCH ?1 AND m.deleted = 0
     ORDER BY memories_fts.rowid DESC LIMIT ?5 OFFSET ?6`,
    [expression, MARK_START, MARK_END, ELLIPSIS, limit, offset],
  );
}

/**
 * Full-text search: best match first (BM25, text weighted above tags) or, past `RANK_LIMIT`
 * matches, latest stored first. The query is parsed into a safe FTS5 expression first; input
 * with nothing searchable returns no hits, not an error. `rankLimit` is for tests.
 */
export async function searchMemories(
  db: Locked,
  args: SearchArgs,
  rankLimit = RANK_LIMIT,
): Promise<SearchResult> {
  const expression = toFtsQuery(args.query);
  if (expression === null) return { hits: [], total: 0, expression, order: 'relevance' };
  const total = await countMatches(db, expression);
  const offset = args.offset ?? 0;
  if (total === 0 || offset >= total) return { hits: [], total, expression, order: 'relevance' };
  if (total > rankLimit) {
    const rows = await latestMatches(db, expression, args.limit, offset);
    const hits = rows.map((r) => ({ memory: toMemory(r), snippet: r.snippet, score: 0 }));
    return { hits, total, expression, order: 'latest' };
  }
  const { rows, ranks } = await bestMatches(db, expression, args.limit, offset);
  const hits = rows.map((r) => ({
    memory: toMemory(r),
    snippet: r.snippet,
    score: -(ranks.get(r.seq) ?? 0),
  }));
  return { hits, total, expression, order: 'relevance' };
}

/**
 * Which of the memories in `seqs` (id → seq, live ones) match the FTS5 `expression` (none for
 * null). FTS5 walks the expression's doclist between the lowest and highest rowid only and never
 * joins a row per match.
 */
export async function matchingIds(
  db: Locked,
  expression: string | null,
  seqs: ReadonlyMap<string, number>,
): Promise<Set<string>> {
  if (expression === null || seqs.size === 0) return new Set();
  const idOf = new Map([...seqs].map(([id, seq]) => [seq, id]));
  const list = [...idOf.keys()];
  const found = await db.all<{ seq: number }>(
    `SELECT rowid AS seq FROM memories_fts
     WHERE memories_fts MATCH ? AND rowid BETWEEN ? AND ?
       AND +rowid IN (SELECT value FROM json_each(?))`,
    [expression, Math.min(...list), Math.max(...list), JSON.stringify(list)],
  );
  return new Set(found.map((r) => idOf.get(r.seq) ?? ''));
}
