/**
 * Versioned, transactional schema migrations. The database's version is `PRAGMA user_version`;
 * each step runs in its own transaction together with the version bump, so a tab killed during a
 * migration leaves the database at the previous version, never in between.
 */
import { KianaError } from '@kiana/shared/errors';
import type { Queries } from './sqlite.ts';
import {
  V1_MEMORIES,
  V2_FTS,
  V3_RESERVED,
  V4_CHAIN,
  V5_VECTORS,
  V6_VECTOR_INDEX,
} from './schema.ts';
import { V7_MESSAGES } from './schema-messages.ts';
import { V8_FILES } from './schema-files.ts';
import { V11_LIVE_BY_ID, V12_VECTOR_JOURNAL, V9_VECTOR_COMPLETE } from './schema-vectors.ts';
import { V10_CONTENTS_BY_KEY } from './schema-contents.ts';

/** One schema step from `version - 1` to `version`. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: string | ((sql: Queries) => Promise<void>);
}

/** Every schema step, oldest first. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'memories', up: V1_MEMORIES },
  { version: 2, name: 'full-text search', up: V2_FTS },
  { version: 3, name: 'reserved: vectors and chain', up: V3_RESERVED },
  { version: 4, name: 'chain: blocks, contents, pending, peers', up: V4_CHAIN },
  { version: 5, name: 'embeddings: stale-vector triggers', up: V5_VECTORS },
  { version: 6, name: 'persisted vector index', up: V6_VECTOR_INDEX },
  { version: 7, name: 'messages: outbox, inbox, ratchet sessions', up: V7_MESSAGES },
  { version: 8, name: 'messages: files, notes to self on my devices', up: V8_FILES },
  { version: 9, name: 'embeddings: where the backfill starts looking', up: V9_VECTOR_COMPLETE },
  { version: 10, name: 'chain: content blobs by an appended key', up: V10_CONTENTS_BY_KEY },
  { version: 11, name: 'embeddings: live memories by id', up: V11_LIVE_BY_ID },
  { version: 12, name: 'embeddings: a journal beside the saved index', up: V12_VECTOR_JOURNAL },
];

/** The version a fully migrated database has. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/**
 * The steps that take a database at `current` to the newest version. Checks the list itself is
 * well-formed (versions 1, 2, 3, ... without gaps or repeats), so a bad merge of two branches
 * that both added "version 4" fails loudly in the unit tests instead of in someone's browser.
 * A database newer than the list fails with `storage-too-new`: this build cannot read it safely.
 */
export function planMigrations(list: readonly Migration[], current: number): Migration[] {
  list.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new KianaError(
        'internal',
        `migration ${i} has version ${m.version}, expected ${i + 1}`,
      );
    }
  });
  if (!Number.isSafeInteger(current) || current < 0) {
    throw new KianaError('storage-corrupt', `invalid schema version ${current}`);
  }
  if (current > list.length) {
    throw new KianaError(
      'storage-too-new',
      `the database has schema version ${current}; this app knows up to ${list.length}`,
    );
  }
  return list.slice(current);
}

/** Reads `PRAGMA user_version`. */
export async function schemaVersion(sql: Queries): Promise<number> {
  const row = await sql.get<{ user_version: number }>('PRAGMA user_version');
  return row?.user_version ?? 0;
}

/**
 * Brings the database to the newest version (or to `target`, which tests use to build databases
 * of every earlier version). Returns the versions before and after.
 */
export async function migrate(
  sql: Queries,
  list: readonly Migration[] = MIGRATIONS,
  target: number = list.length,
): Promise<{ from: number; to: number }> {
  const from = await schemaVersion(sql);
  for (const step of planMigrations(list, from)) {
    if (step.version > target) break;
    await sql.transaction(async () => {
      if (typeof step.up === 'string') await sql.exec(step.up);
      else await step.up(sql);
      // PRAGMA takes no parameters; the version is an integer from our own list.
      await sql.exec(`PRAGMA user_version = ${step.version}`);
    });
  }
  return { from, to: await schemaVersion(sql) };
}
