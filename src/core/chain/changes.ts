/**
 * From a person's change to transactions and blobs: the glue the store worker calls for
 * `memories.put/edit/delete`. Each change gets fresh clock ticks from the device's HLC, so the
 * transactions order after everything the device has seen.
 */
import type { Primitives } from '../crypto/primitives.ts';
import type { Hlc } from '../hlc.ts';
import type { MemoryId } from '@kiana/shared/ids';
import type { MemorySource } from '../memory/types.ts';
import { tagsContent, textContent, type Content } from './content.ts';
import type { Signer } from './hashing.ts';
import { createTx } from './tx.ts';
import type { Tx } from './types.ts';

/** A change to memories, as the store's validated arguments describe it. */
export type MemoryChange =
  | {
      readonly kind: 'put';
      readonly id: MemoryId;
      readonly text: string;
      readonly tags: readonly string[];
      readonly source: MemorySource;
    }
  | {
      readonly kind: 'edit';
      readonly id: MemoryId;
      readonly text?: string;
      readonly tags?: readonly string[];
    }
  | { readonly kind: 'delete'; readonly id: MemoryId };

/** The signed transactions of a change and the blobs to store beside them. */
export interface ChangeRecord {
  readonly txs: Tx[];
  readonly contents: Content[];
}

/**
 * Signs the transactions for `change`: a put, an edit of text and/or tags (one transaction per
 * field, so concurrent edits of different fields both survive), or a delete. `tick` returns the
 * device's next clock value.
 */
export function recordChange(
  prims: Primitives,
  signer: Signer,
  tick: () => Hlc,
  change: MemoryChange,
): ChangeRecord {
  const txs: Tx[] = [];
  const contents: Content[] = [];
  const memory = change.id;
  if (change.kind === 'delete') {
    txs.push(createTx(prims, signer, tick(), { kind: 'memory-delete', memory }));
    return { txs, contents };
  }
  if (change.kind === 'put') {
    const text = textContent(prims, change.text);
    const tags = tagsContent(prims, change.tags);
    contents.push(text, tags);
    const body = { kind: 'memory-put' as const, memory, source: change.source };
    txs.push(
      createTx(prims, signer, tick(), { ...body, textHash: text.hash, tagsHash: tags.hash }),
    );
    return { txs, contents };
  }
  if (change.text !== undefined) {
    const text = textContent(prims, change.text);
    contents.push(text);
    txs.push(createTx(prims, signer, tick(), { kind: 'memory-edit', memory, textHash: text.hash }));
  }
  if (change.tags !== undefined) {
    const tags = tagsContent(prims, change.tags);
    contents.push(tags);
    txs.push(createTx(prims, signer, tick(), { kind: 'memory-tag', memory, tagsHash: tags.hash }));
  }
  return { txs, contents };
}
