/**
 * My notes to self on their way to my other devices (schema v8, `message_mirrors`): one row per
 * device and note once sealed for it, with the ciphertext until that device acknowledges it.
 */
import type { Locked } from '../lock.ts';
import type { SqlRow } from '../sqlite.ts';

export interface MirrorRow extends SqlRow {
  seq: number;
  counter: number;
  body: string;
  cipher: Uint8Array | null;
}

/** My notes to self `peer` has not acknowledged, oldest first (sealed for it or not yet). */
export function unacknowledged(db: Locked, peer: string): Promise<MirrorRow[]> {
  return db.all<MirrorRow>(
    `SELECT m.seq, m.counter, m.body, mm.cipher FROM messages m
     LEFT JOIN message_mirrors mm ON mm.peer = ? AND mm.seq = m.seq
     WHERE m.conversation = 'self' AND m.direction = 'out'
       AND coalesce(mm.state, 'queued') != 'delivered'
     ORDER BY m.seq`,
    [peer],
  );
}

export async function setCipher(
  db: Locked,
  peer: string,
  row: { id: string; seq: number; cipher: Uint8Array },
): Promise<void> {
  await db.run(
    `INSERT INTO message_mirrors (peer, id, seq, cipher, state) VALUES (?, ?, ?, ?, 'queued')
     ON CONFLICT (peer, id) DO UPDATE SET cipher = excluded.cipher, state = 'queued'`,
    [peer, row.id, row.seq, row.cipher],
  );
}

/** Moves mirrors among `ids` from one of `from` to `to` (the ciphertext goes once delivered). */
export async function advance(
  db: Locked,
  peer: string,
  ids: readonly string[],
  from: readonly string[],
  to: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const dropCipher = to === 'delivered' ? ', cipher = NULL' : '';
  return db.run(
    `UPDATE message_mirrors SET state = ?${dropCipher}
     WHERE peer = ? AND state IN (${from.map(() => '?').join(', ')})
       AND id IN (${ids.map(() => '?').join(', ')})`,
    [to, peer, ...from, ...ids],
  );
}

/** A new session with `peer`: what it has not acknowledged is sealed anew. */
export async function requeue(db: Locked, peer: string): Promise<void> {
  await db.run(
    `UPDATE message_mirrors SET cipher = NULL, state = 'queued'
     WHERE peer = ? AND state != 'delivered'`,
    [peer],
  );
}
