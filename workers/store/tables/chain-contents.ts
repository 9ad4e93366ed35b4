/** The `chain_contents` table: content blobs (salted text and tags) by their hash. */
import type { Locked } from '../lock.ts';

/** Every stored blob, by hex hash. */
export async function loadContents(db: Locked): Promise<{ hash: string; bytes: Uint8Array }[]> {
  return db.all<{ hash: string; bytes: Uint8Array }>('SELECT hash, bytes FROM chain_contents');
}

/** Stores a blob (one stored already is left as it is). */
export async function insertContent(db: Locked, hex: string, bytes: Uint8Array): Promise<void> {
  await db.run('INSERT OR IGNORE INTO chain_contents (hash, bytes) VALUES (?, ?)', [hex, bytes]);
}

/** Erases a blob (a deleted memory's words). */
export async function deleteContent(db: Locked, hex: string): Promise<void> {
  await db.run('DELETE FROM chain_contents WHERE hash = ?', [hex]);
}
