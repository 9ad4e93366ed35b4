/**
 * The memories table as a projection of the chain: each memory's row is written from its merged
 * view (docs/PROTOCOL.md, "Memory state") and the blobs its fields name. A deleted memory keeps a
 * row without text or tags (a tombstone, so `includeDeleted` still counts it); a memory whose
 * blob has not arrived yet is left as it is until the blob comes. Text and tags from a blob go
 * through the same cleaning as typed text: a peer's blob may hold anything its author signed.
 */
import { decodeContent, type MemoryView } from '../../../src/core/chain/index.ts';
import { toHex } from '../../../src/core/chain/bytes.ts';
import { cleanTags, cleanText } from '@kiana/shared/clean-text';
import { encodeHlc } from '../../../src/core/hlc.ts';
import type { MemoryId } from '@kiana/shared/ids';
import type { Sql } from '../sqlite.ts';
import type { BlobStore } from './blobs.ts';

/** What one projection pass changed in the table. */
export interface Projected {
  /** Memories written with text (new, edited or brought back). */
  readonly shown: MemoryId[];
  /** Memories whose text and tags were removed. */
  readonly hidden: MemoryId[];
}

function decoded(blobs: BlobStore, hash: Uint8Array): ReturnType<typeof decodeContent> | null {
  const bytes = blobs.get(hash);
  if (bytes === undefined) return null;
  try {
    return decodeContent(bytes);
  } catch {
    // The hash matched when the blob was stored, so only our own bug gets here; show nothing.
    return null;
  }
}

/**
 * Writes the rows of `views`. `waiting` collects, by blob hex, the memories that need a blob we
 * lack, so the caller projects them again once it arrives. The caller holds a transaction.
 */
export async function projectViews(
  sql: Sql,
  blobs: BlobStore,
  views: Iterable<MemoryView>,
  waiting: Map<string, MemoryId>,
): Promise<Projected> {
  const shown: MemoryId[] = [];
  const hidden: MemoryId[] = [];
  for (const view of views) {
    if (!view.alive || view.textHash === null || view.updated === null) {
      // Clearing text fires the FTS trigger, whose 'delete' (secure-delete) drops its tokens.
      const changed = await sql.run(
        `UPDATE memories SET text = '', tags = '[]', deleted = 1, updated_hlc = ?
         WHERE id = ? AND (deleted = 0 OR text <> '' OR tags <> '[]')`,
        [view.updated ? encodeHlc(view.updated) : '', view.id],
      );
      if (changed > 0) hidden.push(view.id);
      continue;
    }
    const text = decoded(blobs, view.textHash);
    if (text?.kind !== 'text') {
      waiting.set(toHex(view.textHash), view.id);
      continue;
    }
    let tags: readonly string[] = [];
    if (view.tagsHash !== null) {
      const value = decoded(blobs, view.tagsHash);
      if (value?.kind === 'tags') tags = cleanTags(value.tags);
      else waiting.set(toHex(view.tagsHash), view.id);
    }
    const origin = view.origin;
    const created = encodeHlc(origin?.hlc ?? view.updated);
    const device = origin?.author ?? view.updated.device;
    const row = [
      view.id,
      cleanText(text.text),
      origin?.source ?? 'typed',
      JSON.stringify(tags),
      device,
      created,
      encodeHlc(view.updated),
    ];
    let changed = await sql.run(
      `INSERT INTO memories (id, text, source, tags, device, created_hlc, updated_hlc, deleted)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (id) DO NOTHING`,
      row,
    );
    if (changed === 0) {
      // Text and tags only when they differ: setting them fires the FTS trigger, which re-indexes.
      changed = await sql.run(
        `UPDATE memories SET text = ?2, tags = ?4 WHERE id = ?1
           AND (text IS NOT ?2 OR tags IS NOT ?4)`,
        row,
      );
      changed += await sql.run(
        `UPDATE memories SET source = ?3, device = ?5, created_hlc = ?6, updated_hlc = ?7,
           deleted = 0
         WHERE id = ?1 AND (source IS NOT ?3 OR device IS NOT ?5 OR created_hlc IS NOT ?6
           OR updated_hlc IS NOT ?7 OR deleted = 1)`,
        row,
      );
    }
    if (changed > 0) shown.push(view.id);
  }
  return { shown, hidden };
}
