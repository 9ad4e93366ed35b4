/** The file tables (schema v8): one row per file, its chunks (sealed if mine, opened if theirs). */
import type { Locked } from '../lock.ts';
import type { SqlRow } from '../sqlite.ts';

export interface FileRow extends SqlRow {
  transfer: string;
  conversation: string;
  direction: string;
  message: string | null;
  name: string;
  mime: string;
  size: number;
  chunks: number;
  sha256: string;
  key: Uint8Array;
  have: number;
  state: string;
  error: string | null;
}

const COLUMNS =
  'transfer, conversation, direction, message, name, mime, size, chunks, sha256, key, have, state, error';

export async function insertFile(db: Locked, f: FileRow): Promise<void> {
  await db.run(
    `INSERT INTO message_files (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      f.transfer,
      f.conversation,
      f.direction,
      f.message,
      f.name,
      f.mime,
      f.size,
      f.chunks,
      f.sha256,
      f.key,
      f.have,
      f.state,
      f.error,
    ],
  );
}

export function getFile(db: Locked, transfer: string): Promise<FileRow | undefined> {
  return db.get<FileRow>(`SELECT ${COLUMNS} FROM message_files WHERE transfer = ?`, [transfer]);
}

export function filesIn(db: Locked, conversation: string): Promise<FileRow[]> {
  return db.all<FileRow>(`SELECT ${COLUMNS} FROM message_files WHERE conversation = ?`, [
    conversation,
  ]);
}

/** Bytes of the files `peer` sent that are kept or coming in (not failed ones). */
export async function incomingBytes(db: Locked, peer: string): Promise<number> {
  const row = await db.get<{ bytes: number | null }>(
    `SELECT sum(size) AS bytes FROM message_files
     WHERE conversation = ? AND direction = 'in' AND state <> 'failed'`,
    [peer],
  );
  return row?.bytes ?? 0;
}

/** Theirs from `peer` still coming in. */
export function receiving(db: Locked, peer: string): Promise<FileRow[]> {
  return db.all<FileRow>(
    `SELECT ${COLUMNS} FROM message_files
     WHERE conversation = ? AND direction = 'in' AND state = 'receiving' ORDER BY rowid`,
    [peer],
  );
}

export async function update(
  db: Locked,
  transfer: string,
  set: { have?: number; state?: string; error?: string | null; message?: string },
): Promise<void> {
  const keys = Object.keys(set) as (keyof typeof set)[];
  if (keys.length === 0) return;
  await db.run(
    `UPDATE message_files SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE transfer = ?`,
    [...keys.map((k) => set[k] ?? null), transfer],
  );
}

export async function putChunk(
  db: Locked,
  transfer: string,
  index: number,
  bytes: Uint8Array,
): Promise<boolean> {
  const n = await db.run(
    'INSERT INTO message_file_chunks (transfer, idx, bytes) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    [transfer, index, bytes],
  );
  return n > 0;
}

export async function getChunk(
  db: Locked,
  transfer: string,
  index: number,
): Promise<Uint8Array | undefined> {
  const row = await db.get<{ bytes: Uint8Array }>(
    'SELECT bytes FROM message_file_chunks WHERE transfer = ? AND idx = ?',
    [transfer, index],
  );
  return row?.bytes;
}

/** The indices held, ascending. */
export async function heldChunks(db: Locked, transfer: string): Promise<number[]> {
  const rows = await db.all<{ idx: number }>(
    'SELECT idx FROM message_file_chunks WHERE transfer = ? ORDER BY idx',
    [transfer],
  );
  return rows.map((r) => r.idx);
}

export async function dropChunks(db: Locked, transfer: string): Promise<void> {
  await db.run('DELETE FROM message_file_chunks WHERE transfer = ?', [transfer]);
}

/** Every chunk of a file in order (at most 50 MB in all). */
export async function allChunks(db: Locked, transfer: string): Promise<Uint8Array[]> {
  const rows = await db.all<{ bytes: Uint8Array }>(
    'SELECT bytes FROM message_file_chunks WHERE transfer = ? ORDER BY idx',
    [transfer],
  );
  return rows.map((r) => r.bytes);
}

/** The latest files from `peer` received whole. */
export function doneFrom(db: Locked, peer: string, limit: number): Promise<FileRow[]> {
  return db.all<FileRow>(
    `SELECT ${COLUMNS} FROM message_files
     WHERE conversation = ? AND direction = 'in' AND state = 'done' ORDER BY rowid DESC LIMIT ?`,
    [peer, limit],
  );
}
