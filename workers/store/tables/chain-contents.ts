/**
 * The `chain_contents` table: content blobs (salted text and tags) with their hash, by an integer
 * key the store hands out in order (schema v10: appending costs a page, where random hash keys
 * cost a page per blob). The store holds every blob and its key in memory (chain/blobs.ts).
 */
import type { Locked } from '../lock.ts';

/** A stored blob. */
export interface ContentRow {
  readonly id: number;
  readonly hash: string;
  readonly bytes: Uint8Array;
}

/** Every stored blob, in key order. */
export async function loadContents(db: Locked): Promise<ContentRow[]> {
  return db.all<{ id: number; hash: string; bytes: Uint8Array }>(
    'SELECT id, hash, bytes FROM chain_contents ORDER BY id',
  );
}

/** Bytes of blobs per statement in `insertContents`. */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Stores many blobs, each under its given key (new keys: the caller knows what is stored), with
 * one statement per few MiB: the blobs travel as one concatenated BLOB and SQLite cuts them out
 * by offset, so a bulk write's thousand blobs cost one bind and one step instead of a thousand
 * (each a JS ↔ wasm round trip).
 */
export async function insertContents(db: Locked, blobs: readonly ContentRow[]): Promise<void> {
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
    const index: [number, string, number, number][] = [];
    let at = 0;
    for (const { id, hash, bytes } of blobs.slice(start, end)) {
      joined.set(bytes, at);
      // substr() counts from 1. A batch of empty blobs binds as NULL (wa-sqlite binds a 0-byte
      // array so), hence the coalesce: `bytes` is NOT NULL and the commit must not fail.
      index.push([id, hash, at + 1, bytes.length]);
      at += bytes.length;
    }
    await db.run(
      `INSERT INTO chain_contents (id, hash, bytes)
       SELECT value ->> 0, value ->> 1, coalesce(substr(?2, value ->> 2, value ->> 3), x'')
       FROM json_each(?1)`,
      [JSON.stringify(index), joined],
    );
    start = end;
  }
}

function blobLength(blobs: readonly { bytes: Uint8Array }[], i: number): number {
  return blobs[i]?.bytes.length ?? 0;
}

/** Erases a stored blob (a deleted memory's words) by its key. */
export async function deleteContent(db: Locked, id: number): Promise<void> {
  await db.run('DELETE FROM chain_contents WHERE id = ?', [id]);
}
