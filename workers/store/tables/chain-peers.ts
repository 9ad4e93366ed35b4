/** The `chain_peers` table: each peer's chain height and how the last session with it ended. */
import type { Locked } from '../lock.ts';
import type { SqlRow } from '../sqlite.ts';

/** A peer as stored. */
export interface PeerRow extends SqlRow {
  device: string;
  height: number;
  /** The peer's head (hex), '' when its hello never came. */
  head: string;
  synced_at: number;
  /** The error code the session ended with, or null. */
  error: string | null;
}

/** Records the outcome of a session with `row.device`. */
export async function recordPeer(db: Locked, row: PeerRow): Promise<void> {
  await db.run(
    `INSERT INTO chain_peers (device, height, head, synced_at, error) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (device) DO UPDATE SET height = excluded.height, head = excluded.head,
       synced_at = excluded.synced_at, error = excluded.error`,
    [row.device, row.height, row.head, row.synced_at, row.error],
  );
}

export function listPeers(db: Locked): Promise<PeerRow[]> {
  return db.all<PeerRow>('SELECT device, height, head, synced_at, error FROM chain_peers');
}
