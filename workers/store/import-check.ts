/**
 * The checks an imported file passes before any of its rows is read: header, schema, integrity,
 * version and size. A crafted file controls everything in it, so the schema is compared with the
 * one our own migrations build for its version, before any statement could evaluate a view, a
 * generated column or a virtual table the file declares: a 4 KiB file whose `memories` is a
 * recursive VIEW yields millions of rows, and one with a generated column yields any number of
 * bytes per row.
 */
import * as SQLite from '@journeyapps/wa-sqlite';
import { KianaError } from '@kiana/shared/errors';
import type { Locked } from './lock.ts';
import { MEM_VFS_NAME, type MemFiles } from './mem-files.ts';
import { MIGRATIONS, SCHEMA_VERSION, migrate, schemaVersion } from './migrations.ts';
import { Sql, type SqliteApi } from './sqlite.ts';
import { fileContentSize } from './tables/memories.ts';

const MAGIC = 'SQLite format 3\0';

/**
 * Fewest bytes one memory row takes in a file: its device id (26) and two clocks (2 × 44) alone
 * are 114 bytes. A file of n bytes therefore holds at most n / 64 rows, and its rows' text at
 * most n bytes; a file claiming more computes its rows rather than storing them.
 */
const MIN_ROW_BYTES = 64;

/** An import error: the live database was not touched. */
export function invalid(why: string, cause?: unknown): KianaError {
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

/** The schema as comparable lines: every object's type, name, table and SQL. */
async function schemaOf(sql: Sql): Promise<string[]> {
  const rows = await sql.all<{ type: string; name: string; tbl_name: string; sql: string | null }>(
    'SELECT type, name, tbl_name, sql FROM sqlite_schema',
  );
  return rows.map((r) => JSON.stringify([r.type, r.name, r.tbl_name, r.sql])).sort();
}

/** Our schema at each version, built once per worker by running the migrations on a scratch file. */
const expected = new Map<number, Promise<string[]>>();

async function buildSchema(api: SqliteApi, mem: MemFiles, version: number): Promise<string[]> {
  const path = mem.tempPath('schema');
  const flags = SQLite.SQLITE_OPEN_CREATE | SQLite.SQLITE_OPEN_READWRITE;
  const sql = new Sql(api, await api.open_v2(path, flags, MEM_VFS_NAME));
  try {
    await migrate(sql, MIGRATIONS, version);
    return await schemaOf(sql);
  } finally {
    await sql.close();
    mem.remove(path);
  }
}

function expectedSchema(api: SqliteApi, mem: MemFiles, version: number): Promise<string[]> {
  let schema = expected.get(version);
  if (!schema) {
    schema = buildSchema(api, mem, version);
    expected.set(version, schema);
    schema.catch(() => expected.delete(version));
  }
  return schema;
}

/**
 * Builds the current version's schema ahead of the first import (the store calls it at open), so
 * checking a file costs only reading that file's schema. Scratch connections share the store's
 * SQLite instance, hence its lock.
 */
export async function warmSchema(db: Locked, mem: MemFiles): Promise<void> {
  await expectedSchema(db.api, mem, SCHEMA_VERSION).catch(() => undefined);
}

/** A checked candidate, open read-only on the scratch VFS. */
export interface Candidate {
  readonly tmp: Sql;
  readonly fromVersion: number;
  /** Rows in its memories table. */
  readonly total: number;
}

/**
 * Opens the candidate at `path` read-only and checks it. Read-only and `trusted_schema = OFF`
 * mean no trigger of the file ever fires and no function with side effects runs from its
 * schema; the exact schema match means there is nothing but our own tables to read.
 */
export async function openCandidate(
  db: Locked,
  mem: MemFiles,
  path: string,
  fileBytes: number,
): Promise<Candidate> {
  const api = db.api;
  let tmp: Sql | null = null;
  try {
    tmp = new Sql(api, await api.open_v2(path, SQLite.SQLITE_OPEN_READONLY, MEM_VFS_NAME));
    await tmp.exec('PRAGMA trusted_schema = OFF');
    const version = await schemaVersion(tmp);
    if (version < 1 || version > SCHEMA_VERSION) throw invalid(`schema version ${version}`);
    const schema = await schemaOf(tmp);
    const ours = new Set(await expectedSchema(api, mem, version));
    const foreign = schema.filter((line) => !ours.has(line));
    if (foreign.length > 0 || schema.length !== ours.size) {
      throw invalid(`schema differs from version ${version}: ${foreign.slice(0, 3).join(' ')}`);
    }
    const check = await tmp.all<{ integrity_check: string }>('PRAGMA integrity_check');
    if (check.length !== 1 || check[0]?.integrity_check !== 'ok') {
      throw invalid(`integrity check failed: ${check[0]?.integrity_check ?? 'no answer'}`);
    }
    const { rows: total, bytes } = await fileContentSize(tmp);
    if (total > fileBytes / MIN_ROW_BYTES || bytes > fileBytes) {
      throw invalid(`${total} rows of ${bytes} bytes cannot fit in ${fileBytes}`);
    }
    return { tmp, fromVersion: version, total };
  } catch (error) {
    await tmp?.close().catch(() => undefined);
    throw error instanceof KianaError && error.code === 'import-invalid'
      ? error
      : invalid(error instanceof Error ? error.message : String(error), error);
  }
}
