/**
 * Export and import of the whole database as a standard SQLite file. Export is `VACUUM INTO` a
 * scratch file: a consistent, compacted snapshot any `sqlite3` opens. Import checks a candidate
 * completely (header, integrity, schema, version) on a scratch copy before it merges anything, and
 * merges inside one transaction, so a bad file leaves the live database exactly as it was.
 */
import * as SQLite from '@journeyapps/wa-sqlite';
import { KianaError } from '../../src/core/errors.ts';
import { decodeHlc, type HlcClock } from '../../src/core/hlc.ts';
import { MAX_TEXT_LENGTH } from '../../src/core/memory/validate.ts';
import { MEM_VFS_NAME, type MemFiles } from './mem-files.ts';
import { SCHEMA_VERSION, migrate, schemaVersion } from './migrations.ts';
import { Sql, type SqlRow, type SqliteApi } from './sqlite.ts';

/** What an import did. */
export interface ImportResult {
  /** Memories that were not here before. */
  readonly added: number;
  /** Memories the file had in a newer version (by HLC) than ours. */
  readonly updated: number;
  /** Rows in the file that are not valid memories and were left out. */
  readonly skipped: number;
  /** The schema version of the file before it was migrated. */
  readonly fromVersion: number;
}

const MAGIC = 'SQLite format 3\0';

/** Snapshot of the live database as the bytes of a standard SQLite file. */
export async function exportDatabase(sql: Sql, mem: MemFiles): Promise<Uint8Array> {
  const path = mem.tempPath('export');
  try {
    // The URI is built from our own constants and a random name, never from input.
    await sql.exec(`VACUUM INTO '${mem.uri(path)}'`);
    const bytes = mem.read(path);
    if (!bytes) throw new KianaError('internal', 'export produced no file');
    return bytes;
  } finally {
    mem.remove(path);
  }
}

function invalid(why: string, cause?: unknown): KianaError {
  return new KianaError('import-invalid', `not a Kiana database: ${why}`, { cause });
}

/**
 * Checks the header and returns a copy ready to open on the scratch VFS. A file saved in WAL mode
 * says so in header bytes 18–19; without its -wal file it is complete, and marking it as a
 * rollback-journal file lets it open where no shared memory exists.
 */
export function prepareCandidate(bytes: Uint8Array): Uint8Array {
  if (bytes.byteLength < 512) throw invalid('too short');
  const magic = new TextDecoder('latin1').decode(bytes.subarray(0, 16));
  if (magic !== MAGIC) throw invalid('no SQLite header');
  const copy = bytes.slice();
  if (copy[18] === 2 && copy[19] === 2) copy[18] = copy[19] = 1;
  return copy;
}

const REQUIRED_COLUMNS = ['id', 'text', 'source', 'tags', 'device', 'created_hlc', 'updated_hlc'];

/** Integrity, version and shape checks on the candidate; then migrates it to our version. */
async function validateCandidate(tmp: Sql): Promise<number> {
  const check = await tmp.all<{ integrity_check: string }>('PRAGMA integrity_check');
  if (check.length !== 1 || check[0]?.integrity_check !== 'ok') {
    throw invalid(`integrity check failed: ${check[0]?.integrity_check ?? 'no answer'}`);
  }
  const version = await schemaVersion(tmp);
  if (version < 1 || version > SCHEMA_VERSION) throw invalid(`schema version ${version}`);
  const columns = await tmp.all<{ name: string }>("SELECT name FROM pragma_table_info('memories')");
  const names = new Set(columns.map((c) => c.name));
  const missing = REQUIRED_COLUMNS.filter((c) => !names.has(c));
  if (missing.length > 0) throw invalid(`memories lacks ${missing.join(', ')}`);
  await migrate(tmp);
  return version;
}

/**
 * The rows of the attached candidate that are valid memories. A crafted file need not honour
 * our CHECK constraints or id formats, so each rule is checked again here; the marker characters
 * of search snippets are removed from text as `cleanText` does for typed text.
 */
const VALID_ROWS = `
  SELECT id,
    replace(replace(replace(text, char(57344), ''), char(57345), ''), char(0), '') AS text,
    source, tags, device, created_hlc, updated_hlc, deleted
  FROM import_src.memories
  WHERE typeof(id) = 'text' AND length(id) BETWEEN 1 AND 64
    AND id NOT GLOB '*[^A-Za-z0-9_-]*'
    AND typeof(text) = 'text' AND length(text) BETWEEN 1 AND ${MAX_TEXT_LENGTH}
    AND source IN ('typed', 'voice', 'import', 'message')
    AND json_valid(tags) AND json_type(tags) = 'array'
    AND typeof(device) = 'text' AND length(device) = 26 AND device NOT GLOB '*[^a-z2-7]*'
    AND typeof(created_hlc) = 'text' AND length(created_hlc) = 44
    AND created_hlc NOT GLOB '*[^0-9a-z.]*'
    AND typeof(updated_hlc) = 'text' AND length(updated_hlc) = 44
    AND updated_hlc NOT GLOB '*[^0-9a-z.]*'
    AND deleted IN (0, 1)`;

async function count(sql: Sql, query: string): Promise<number> {
  return (await sql.get<{ n: number }>(query))?.n ?? 0;
}

/** A valid memory row of an imported file. */
export interface ImportRow extends SqlRow {
  id: string;
  text: string;
  source: string;
  tags: string;
  device: string;
  created_hlc: string;
  updated_hlc: string;
  deleted: number;
}

/** What the live store does with the valid rows of a file: the counts of the result. */
export type ApplyRows = (
  rows: readonly ImportRow[],
) => Promise<Pick<ImportResult, 'added' | 'updated'>>;

/** Reads the attached candidate's valid rows and how many rows it has in all. */
async function readRows(sql: Sql): Promise<{ rows: ImportRow[]; total: number }> {
  const total = await count(sql, 'SELECT count(*) AS n FROM import_src.memories');
  const rows = await sql.all<ImportRow>(`${VALID_ROWS} ORDER BY created_hlc`);
  return { rows, total };
}

/**
 * Validates `bytes` as a Kiana database and hands its valid memory rows to `apply`, which replays
 * them as signed transactions (chain/replay-rows.ts): newer edits win. Anything wrong with the
 * file fails with `import-invalid` before the live database is touched; a failure while applying
 * (e.g. `storage-quota`) rolls the whole write back.
 */
export async function importDatabase(
  sql: Sql,
  api: SqliteApi,
  mem: MemFiles,
  clock: HlcClock,
  bytes: Uint8Array,
  apply: ApplyRows,
): Promise<ImportResult> {
  const candidate = prepareCandidate(bytes);
  const path = mem.tempPath('import');
  mem.write(path, candidate);
  try {
    let fromVersion: number;
    let tmp: Sql | null = null;
    try {
      tmp = new Sql(api, await api.open_v2(path, SQLite.SQLITE_OPEN_READWRITE, MEM_VFS_NAME));
      fromVersion = await validateCandidate(tmp);
    } catch (error) {
      throw error instanceof KianaError && error.code === 'import-invalid'
        ? error
        : invalid(error instanceof Error ? error.message : String(error), error);
    } finally {
      await tmp?.close().catch(() => undefined);
    }
    await sql.exec(`ATTACH '${mem.uri(path)}' AS import_src`);
    let read: { rows: ImportRow[]; total: number };
    try {
      read = await readRows(sql);
    } finally {
      await sql.exec('DETACH import_src');
    }
    const result = await apply(read.rows);
    const newest = read.rows.reduce((a, r) => (r.updated_hlc > a ? r.updated_hlc : a), '');
    try {
      if (newest) clock.receive(decodeHlc(newest));
    } catch {
      // A malformed or far-future clock in the file must not fail an import that succeeded.
    }
    return { ...result, skipped: read.total - read.rows.length, fromVersion };
  } finally {
    mem.remove(path);
  }
}
