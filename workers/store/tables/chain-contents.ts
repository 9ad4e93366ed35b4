/** The `chain_contents` table: content blobs (salted text and tags) by their hash. */
import type { Locked } from '../lock.ts';

/** Every stored blob, by hex hash. */
export async function loadContents(db: Locked): Promise<{ hash: string; bytes: Uint8Array }[]> {
  return db.all<{ hash: string; bytes: Uint8Array }>('SELECT hash, bytes FROM chain_contents');
}

/** Bytes of blobs per statement in `insertContents`. */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Stores many blobs (those stored already are left as they are) with one statement per few MiB:
 * the blobs travel as one concatenated BLOB and SQLite cuts them out by offset, so a bulk write's
 * thousand blobs cost one bind and one step instead of a thousand (each a JS ↔ wasm round trip).
 */
export async function insertContents(
  db: Locked,
  blobs: readonly { hex: string; bytes: Uint8Array }[],
): Promise<void> {
  for (let start = 0; start < blobs.length;) {
    let end = start;
    let size = 0;
    while (
      end < blobs.length &&
      (end === start || size + blobLength(blobs, end) <= MAX_BATCH_BYTES)
    ) {
      size += blobLength(blobs, end);
      end += 1;
    }
    const joined = new Uint8Array(size);
    const index: [string, number, number][] = [];
    let at = 0;
    for (const { hex, bytes } of blobs.slice(start, end)) {
      joined.set(bytes, at);
      // substr() counts from 1.
      index.push([hex, at + 1, bytes.length]);
      at += bytes.length;
    }
    await db.run(
      `INSERT OR IGNORE INTO chain_contents (hash, bytes)
       SELECT value ->> 0, substr(?2, value ->> 1, value ->> 2) FROM json_each(?1)`,
      [JSON.stringify(index), joined],
    );
    start = end;
  }
}

function blobLength(blobs: readonly { bytes: Uint8Array }[], i: number): number {
  return blobs[i]?.bytes.length ?? 0;
}

/** Erases a blob (a deleted memory's words). */
export async function deleteContent(db: Locked, hex: string): Promise<void> {
  await db.run('DELETE FROM chain_contents WHERE hash = ?', [hex]);
}
