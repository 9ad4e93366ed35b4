/**
 * Statements about the database file as a whole rather than one table: the build's options,
 * pragmas for stats and for forgetting deleted words, the WAL checkpoint.
 */
import type { Locked } from '../lock.ts';

/** True when this SQLite build lists FTS5 among its compile options. */
export async function hasFts5(db: Locked): Promise<boolean> {
  const rows = await db.all<{ compile_options: string }>('PRAGMA compile_options');
  return rows.some((o) => o.compile_options.toUpperCase() === 'ENABLE_FTS5');
}

/** Deleted content is overwritten with zeros in the file, not just unlinked (deletes forget). */
export async function zeroFreedSpace(db: Locked): Promise<void> {
  await db.exec('PRAGMA secure_delete = ON');
}

/**
 * Copies the WAL's pages into the file and cuts the WAL to nothing: until then it still holds
 * the page images from before a delete.
 */
export async function checkpointTruncate(db: Locked): Promise<void> {
  await db.get('PRAGMA wal_checkpoint(TRUNCATE)');
}

/** What the file looks like, for `db.stats`. */
export interface FileStats {
  readonly pageSize: number;
  readonly pageCount: number;
  readonly freePages: number;
  readonly journalMode: string;
  readonly sqliteVersion: string;
}

export async function fileStats(db: Locked): Promise<FileStats> {
  const pragma = async (name: string): Promise<string | number> => {
    const row = await db.get(`PRAGMA ${name}`);
    return (row ? Object.values(row)[0] : 0) as string | number;
  };
  const pageSize = Number(await pragma('page_size'));
  const pageCount = Number(await pragma('page_count'));
  const freePages = Number(await pragma('freelist_count'));
  const journalMode = String(await pragma('journal_mode'));
  const version = await db.get<{ v: string }>('SELECT sqlite_version() AS v');
  return { pageSize, pageCount, freePages, journalMode, sqliteVersion: version?.v ?? '' };
}
