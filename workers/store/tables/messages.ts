/** The messaging tables (schema v7): sessions, messages in both directions, refusal counts. */
import type { Locked } from '../lock.ts';
import type { SqlRow } from '../sqlite.ts';

export interface SessionRow extends SqlRow {
  peer: string;
  pairing: string;
  state: Uint8Array;
}

export interface MessageRow extends SqlRow {
  seq: number;
  conversation: string;
  direction: string;
  id: string;
  counter: number;
  body: string;
  state: string;
  at: number;
  cipher: Uint8Array | null;
}

const COLUMNS = 'seq, conversation, direction, id, counter, body, state, at, cipher';
/** Most messages one list shows (the newest). */
export const LIST_LIMIT = 500;

export function getSession(db: Locked, peer: string): Promise<SessionRow | undefined> {
  return db.get<SessionRow>('SELECT peer, pairing, state FROM message_sessions WHERE peer = ?', [
    peer,
  ]);
}

export async function putSession(db: Locked, row: SessionRow): Promise<void> {
  await db.run(
    `INSERT INTO message_sessions (peer, pairing, state) VALUES (?, ?, ?)
     ON CONFLICT (peer) DO UPDATE SET pairing = excluded.pairing, state = excluded.state`,
    [row.peer, row.pairing, row.state],
  );
}

export async function saveState(db: Locked, peer: string, state: Uint8Array): Promise<void> {
  await db.run('UPDATE message_sessions SET state = ? WHERE peer = ?', [state, peer]);
}

/** Mine to `peer` not yet acknowledged go out again under the new session: encrypt anew. */
export async function requeue(db: Locked, peer: string): Promise<void> {
  await db.run(
    `UPDATE messages SET cipher = NULL, state = 'queued'
     WHERE conversation = ? AND direction = 'out' AND state IN ('queued', 'sent')`,
    [peer],
  );
}

export async function nextCounter(db: Locked, conversation: string): Promise<number> {
  const row = await db.get<{ n: number }>(
    `SELECT coalesce(max(counter), 0) + 1 AS n FROM messages
     WHERE conversation = ? AND direction = 'out'`,
    [conversation],
  );
  return row?.n ?? 1;
}

/** A message about to be kept (mine queued, or theirs with the hash of its ciphertext). */
export interface NewMessage {
  readonly conversation: string;
  readonly direction: 'out' | 'in';
  readonly id: string;
  readonly counter: number;
  readonly body: string;
  readonly state: string;
  readonly at: number;
  readonly cipherHash: string | null;
}

export async function insertMessage(db: Locked, m: NewMessage): Promise<number> {
  await db.run(
    `INSERT INTO messages (conversation, direction, id, counter, body, state, at, cipher_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [m.conversation, m.direction, m.id, m.counter, m.body, m.state, m.at, m.cipherHash],
  );
  const row = await db.get<{ seq: number }>('SELECT last_insert_rowid() AS seq');
  return row?.seq ?? 0;
}

/** Mine to `peer` still waiting for an acknowledgement, oldest first. */
export function unacknowledged(db: Locked, peer: string): Promise<MessageRow[]> {
  return db.all<MessageRow>(
    `SELECT ${COLUMNS} FROM messages
     WHERE conversation = ? AND direction = 'out' AND state IN ('queued', 'sent') ORDER BY seq`,
    [peer],
  );
}

export async function setCipher(db: Locked, seq: number, cipher: Uint8Array): Promise<void> {
  await db.run('UPDATE messages SET cipher = ? WHERE seq = ?', [cipher, seq]);
}

/** Moves mine among `ids` from one of `from` to `to`; returns how many moved. */
export async function advance(
  db: Locked,
  peer: string,
  ids: readonly string[],
  from: readonly string[],
  to: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  // Acknowledged messages need their ciphertext no longer; it goes with the first step past sent.
  const dropCipher = to === 'delivered' || to === 'read' ? ', cipher = NULL' : '';
  return db.run(
    `UPDATE messages SET state = ?${dropCipher}
     WHERE conversation = ? AND direction = 'out'
       AND state IN (${from.map(() => '?').join(', ')})
       AND id IN (${ids.map(() => '?').join(', ')})`,
    [to, peer, ...from, ...ids],
  );
}

/** The id of theirs that came in as the ciphertext with this hash, if any. */
export async function idByCipher(
  db: Locked,
  peer: string,
  hash: string,
): Promise<string | undefined> {
  const row = await db.get<{ id: string }>(
    `SELECT id FROM messages
     WHERE conversation IN (?, 'self') AND direction = 'in' AND cipher_hash = ?`,
    [peer, hash],
  );
  return row?.id;
}

export async function hasIncoming(db: Locked, peer: string, id: string): Promise<boolean> {
  const row = await db.get(
    `SELECT 1 AS x FROM messages WHERE conversation = ? AND direction = 'in' AND id = ?`,
    [peer, id],
  );
  return row !== undefined;
}

export async function listMessages(db: Locked, conversation: string): Promise<MessageRow[]> {
  const rows = await db.all<MessageRow>(
    `SELECT ${COLUMNS} FROM messages WHERE conversation = ? ORDER BY seq DESC LIMIT ?`,
    [conversation, LIST_LIMIT],
  );
  return rows.reverse();
}

export function conversations(
  db: Locked,
): Promise<{ conversation: string; unread: number; last: number }[]> {
  return db.all(
    `SELECT conversation, sum(direction = 'in' AND state = 'unread') AS unread, max(at) AS last
     FROM messages GROUP BY conversation ORDER BY last DESC`,
  );
}

/** Marks theirs in `conversation` read, owing a receipt for each; returns their ids. */
export async function markRead(db: Locked, conversation: string): Promise<string[]> {
  const rows = await db.all<{ id: string }>(
    `SELECT id FROM messages WHERE conversation = ? AND direction = 'in' AND state = 'unread'`,
    [conversation],
  );
  await db.run(
    `UPDATE messages SET state = 'read', receipt_owed = 1
     WHERE conversation = ? AND direction = 'in' AND state = 'unread'`,
    [conversation],
  );
  return rows.map((r) => r.id);
}

/**
 * `receipt_owed`: 0 nothing owed, 1 owed, 2 sent and waiting for the peer's `read-ack` (sent
 * again on a new channel: a receipt lost with its channel is not lost for good).
 */
export async function receiptsOwed(
  db: Locked,
  peer: string,
  limit: number,
  again: boolean,
): Promise<string[]> {
  const rows = await db.all<{ id: string }>(
    `SELECT id FROM messages WHERE conversation = ? AND direction = 'in'
     AND receipt_owed IN (1, ?) ORDER BY seq LIMIT ?`,
    [peer, again ? 2 : 1, limit],
  );
  return rows.map((r) => r.id);
}

/** Sets `receipt_owed` of theirs among `ids` (2: sent, 0: acknowledged); never back to 2. */
export async function receiptsSent(
  db: Locked,
  peer: string,
  ids: readonly string[],
  to: 0 | 2,
): Promise<void> {
  if (ids.length === 0) return;
  await db.run(
    `UPDATE messages SET receipt_owed = ? WHERE conversation = ? AND direction = 'in'
     AND receipt_owed IN (1, ${to === 2 ? 1 : 2})
     AND id IN (${ids.map(() => '?').join(', ')})`,
    [to, peer, ...ids],
  );
}

export async function count(db: Locked, code: string): Promise<void> {
  await db.run(
    `INSERT INTO message_counts (code, n) VALUES (?, 1)
     ON CONFLICT (code) DO UPDATE SET n = n + 1`,
    [code],
  );
}

export function counts(db: Locked): Promise<{ code: string; n: number }[]> {
  return db.all('SELECT code, n FROM message_counts');
}
