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
import { encodeHlc, type Hlc } from '../../../src/core/hlc.ts';
import type { MemoryId } from '@kiana/shared/ids';
import type { Locked } from '../lock.ts';
import { hideMemory, writeMemory, type ShownRow } from '../tables/memories.ts';
import { insertNewMemories } from '../tables/memories-batch.ts';
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
 * lack, so the caller projects them again once it arrives. The caller holds a transaction. New
 * rows go in together (a bulk write or an import chunk makes hundreds); rows stored already are
 * updated one by one, only where they differ.
 */
export async function projectViews(
  db: Locked,
  blobs: BlobStore,
  views: Iterable<MemoryView>,
  waiting: Map<string, MemoryId>,
): Promise<Projected> {
  const hidden: MemoryId[] = [];
  const rows: ShownRow[] = [];
  for (const view of views) {
    if (!view.alive || view.textHash === null || view.updated === null) {
      const changed = await hideMemory(db, view.id, view.updated ? encodeHlc(view.updated) : '');
      if (changed > 0) hidden.push(view.id);
      continue;
    }
    const row = rowOf(blobs, view, view.textHash, view.updated, waiting);
    if (row) rows.push(row);
  }
  const inserted = await insertNewMemories(db, rows);
  const shown: MemoryId[] = [];
  for (const row of rows) {
    if (inserted.has(row.id) || (await writeMemory(db, row)) > 0) shown.push(row.id as MemoryId);
  }
  return { shown, hidden };
}

/** The row a live view implies, or null (noted in `waiting`) while its text blob is missing. */
function rowOf(
  blobs: BlobStore,
  view: MemoryView,
  textHash: Uint8Array,
  updated: Hlc,
  waiting: Map<string, MemoryId>,
): ShownRow | null {
  const text = decoded(blobs, textHash);
  if (text?.kind !== 'text') {
    waiting.set(toHex(textHash), view.id);
    return null;
  }
  let tags: readonly string[] = [];
  if (view.tagsHash !== null) {
    const value = decoded(blobs, view.tagsHash);
    if (value?.kind === 'tags') tags = cleanTags(value.tags);
    else waiting.set(toHex(view.tagsHash), view.id);
  }
  const origin = view.origin;
  return {
    id: view.id,
    text: cleanText(text.text),
    source: origin?.source ?? 'typed',
    tags: JSON.stringify(tags),
    device: origin?.author ?? updated.device,
    created_hlc: encodeHlc(origin?.hlc ?? updated),
    updated_hlc: encodeHlc(updated),
  };
}
