/**
 * Export and import of the whole database as a standard SQLite file. Export is `VACUUM INTO` a
 * scratch file: a consistent, compacted snapshot any `sqlite3` opens. Import checks a candidate
 * completely (import-check.ts) on a scratch copy before it merges anything, then merges its rows
 * in chunks, each its own write, so searches and saves are answered between chunks.
 */
import type { ImportProgress, ImportResult } from '../../src/core/api/store-types.ts';
import { KianaError } from '@kiana/shared/errors';
import { openCandidate, prepareCandidate, type Candidate } from './import-check.ts';
import type { Locked, StoreLock } from './lock.ts';
import type { MemFiles } from './mem-files.ts';
import type { Sql } from './sqlite.ts';
import { fileChunk, type MemoryRow } from './tables/memories.ts';

/**
 * Snapshot of the live database (under the store's lock; tests may pass any connection) as the
 * bytes of a standard SQLite file.
 */
export async function exportDatabase(db: Locked | Sql, mem: MemFiles): Promise<Uint8Array> {
  const first = mem.tempPath('export');
  const path = mem.tempPath('export');
  try {
    // The URIs are built from our own constants and random names, never from input.
    await db.exec(`VACUUM INTO '${mem.uri(first)}'`);
    await withoutMessageKeys(db, mem.uri(first), mem.uri(path));
    const bytes = mem.read(path);
    if (!bytes) throw new KianaError('internal', 'export produced no file');
    return bytes;
  } finally {
    mem.remove(first);
    mem.remove(path);
  }
}

/**
 * Copies the exported file without the ratchet states and the ciphertexts of the outbox: an
 * export is a copy of memories and messages for the person, and must not carry keys that would
 * read their next messages (as it never carries the signing key). The second VACUUM INTO writes a
 * fresh file, so no freed page keeps the old bytes.
 */
async function withoutMessageKeys(db: Locked | Sql, from: string, to: string): Promise<void> {
  await db.exec(`ATTACH '${from}' AS export`);
  try {
    await db.exec(
      `DELETE FROM export.message_sessions; UPDATE export.messages SET cipher = NULL;
       UPDATE export.message_files SET key = zeroblob(32);
       UPDATE export.message_mirrors SET cipher = NULL;`,
    );
    await db.exec(`VACUUM export INTO '${to}'`);
  } finally {
    await db.exec('DETACH export');
  }
}

/** Rows read and merged per turn of the store's lock: other calls wait for one chunk at most. */
export const IMPORT_CHUNK = 250;

type Chunk = Awaited<ReturnType<typeof fileChunk>>;

/** What the live store made of one chunk of valid rows. */
export type Applied = Pick<ImportResult, 'added' | 'updated' | 'skipped' | 'redated'>;

/** What an import needs from the store. */
export interface ImportDeps {
  readonly mem: MemFiles;
  /** The store's lock: the check is one turn, and so is each chunk. */
  readonly lock: StoreLock;
  /**
   * Replays valid rows as signed transactions (chain/import-apply.ts); newer edits win. `next`
   * holds the following chunk's valid rows (read in this turn), so their work can start early.
   */
  readonly apply: (
    db: Locked,
    rows: readonly MemoryRow[],
    next: readonly MemoryRow[],
  ) => Promise<Applied>;
  readonly progress?: ((p: ImportProgress) => void) | undefined;
}

/**
 * Validates `bytes` as a Kiana database and merges its valid rows, chunk by chunk, each chunk
 * under the store's lock and in its own write. Anything wrong with the file fails with
 * `import-invalid` before the live database is touched. A failure part-way (e.g.
 * `storage-quota`) rolls back the chunk it hit; the chunks before it stay, and importing the file
 * again completes it, since a replayed row the store has already is a no-op.
 */
export async function importDatabase(deps: ImportDeps, bytes: Uint8Array): Promise<ImportResult> {
  const { mem, lock } = deps;
  const candidate = prepareCandidate(bytes);
  const path = mem.tempPath('import');
  mem.write(path, candidate);
  let checked: Candidate | null = null;
  try {
    checked = await lock.run((db) => openCandidate(db, mem, path, candidate.byteLength));
    const { tmp, total } = checked;
    const sum = { added: 0, updated: 0, skipped: 0, redated: 0 };
    let done = 0;
    deps.progress?.({ done, total });
    // Each turn reads the chunk after the one it merges, so its signatures can be made meanwhile.
    let ahead: Chunk | null = null;
    for (let after = -1; ;) {
      const last = await lock.run(async (db) => {
        const chunk = ahead ?? (await fileChunk(tmp, after, IMPORT_CHUNK));
        ahead = chunk.last === null ? null : await fileChunk(tmp, chunk.last, IMPORT_CHUNK);
        const applied = await deps.apply(db, chunk.rows, ahead?.rows ?? []);
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
    if (tmp) await lock.run(() => tmp.close()).catch(() => undefined);
    mem.remove(path);
  }
}
