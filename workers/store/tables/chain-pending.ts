/** The `chain_pending` table: signed transactions no block on our chain carries yet. */
import type { Locked } from '../lock.ts';

/** The stored transactions' bytes. */
export async function loadPending(db: Locked): Promise<Uint8Array[]> {
  const rows = await db.all<{ bytes: Uint8Array }>('SELECT bytes FROM chain_pending');
  return rows.map((r) => r.bytes);
}

/** Replaces the stored transactions with `pending` (bytes by hex id). */
export async function replacePending(
  db: Locked,
  pending: Iterable<[string, { readonly bytes: Uint8Array }]>,
): Promise<void> {
  await db.run('DELETE FROM chain_pending');
  for (const [hex, tx] of pending) {
    await db.run('INSERT INTO chain_pending (id, bytes) VALUES (?, ?)', [hex, tx.bytes]);
  }
}
