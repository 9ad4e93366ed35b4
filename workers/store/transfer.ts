/**
 * Export and import of the whole database as a standard SQLite file. Export is `VACUUM INTO` a
 * scratch file: a consistent, compacted snapshot any `sqlite3` opens. Import checks a candidate
 * completely (import-check.ts) on a scratch copy before it merges anything, then merges its rows
 * in chunks, each its own write, so searches and saves are answered between chunks.
 */
import type { ImportProgress, ImportResult } from '../../src/core/api/store-types.ts';
import { KianaError } from '@kiana/shared/errors';
import { MAX_TEXT_LENGTH } from '../../src/core/memory/validate.ts';
import { openCandidate, prepareCandidate, type Candidate } from './import-check.ts';
import type { MemFiles } from './mem-files.ts';
import type { Sql, SqlRow, SqliteApi } from './sqlite.ts';

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

/** Rows read and merged per turn of the store's lock: other calls wait for one chunk at most. */
export const IMPORT_CHUNK = 250;

/**
 * One chunk of the candidate's rows, each flagged `ok` when it is a valid memory. A crafted file
 * need not honour our CHECK constraints or id formats, so each rule is checked again here (and
 * the text cleaned in chain/replay-rows.ts).
 */
const CHUNK = `
  SELECT seq, id, text, source, tags, device, created_hlc, updated_hlc, deleted,
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
  FROM memories WHERE seq > ? ORDER BY seq LIMIT ${IMPORT_CHUNK}`;

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

/** What the live store made of one chunk of valid rows. */
export type Applied = Pick<ImportResult, 'added' | 'updated' | 'skipped' | 'redated'>;

/** What an import needs from the store. */
export interface ImportDeps {
  readonly api: SqliteApi;
  readonly mem: MemFiles;
  /** Runs `fn` under the store's lock (one connection, one caller at a time). */
  readonly locked: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Replays valid rows as signed transactions (chain/replay-rows.ts); newer edits win. */
  readonly apply: (rows: readonly ImportRow[]) => Promise<Applied>;
  readonly progress?: ((p: ImportProgress) => void) | undefined;
}

/** Reads the chunk after `after`; returns its valid rows, how many were not, and the last seq. */
async function readChunk(
  tmp: Sql,
  after: number,
): Promise<{ rows: ImportRow[]; invalid: number; last: number | null }> {
  const all = await tmp.all<ImportRow & { seq: number; ok: number }>(CHUNK, [after]);
  const rows = all.filter((r) => r.ok === 1);
  return { rows, invalid: all.length - rows.length, last: all.at(-1)?.seq ?? null };
}

/**
 * Validates `bytes` as a Kiana database and merges its valid rows, chunk by chunk, each chunk
 * under the store's lock and in its own write. Anything wrong with the file fails with
 * `import-invalid` before the live database is touched. A failure part-way (e.g.
 * `storage-quota`) rolls back the chunk it hit; the chunks before it stay, and importing the file
 * again completes it, since a replayed row the store has already is a no-op.
 */
export async function importDatabase(deps: ImportDeps, bytes: Uint8Array): Promise<ImportResult> {
  const { mem, locked } = deps;
  const candidate = prepareCandidate(bytes);
  const path = mem.tempPath('import');
  mem.write(path, candidate);
  let checked: Candidate | null = null;
  try {
    checked = await locked(() => openCandidate(deps.api, mem, path, candidate.byteLength));
    const { tmp, total } = checked;
    const sum = { added: 0, updated: 0, skipped: 0, redated: 0 };
    let done = 0;
    deps.progress?.({ done, total });
    for (let after = -1; ;) {
      const last = await locked(async () => {
        const chunk = await readChunk(tmp, after);
        const applied = await deps.apply(chunk.rows);
        sum.added += applied.added;
        sum.updated += applied.updated;
        sum.redated += applied.redated;
        sum.skipped += applied.skipped + chunk.invalid;
        done += chunk.rows.length + chunk.invalid;
        return chunk.last;
      });
      if (last === null) break;
      after = last;
      deps.progress?.({ done, total });
      // A macrotask between chunks lets the requests that queued meanwhile take the lock.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return { ...sum, fromVersion: checked.fromVersion };
  } finally {
    const tmp = checked?.tmp;
    if (tmp) await locked(() => tmp.close()).catch(() => undefined);
    mem.remove(path);
  }
}
