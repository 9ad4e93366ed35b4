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
import { createTx, createTxs } from './tx.ts';
import type { Tx, TxBody } from './types.ts';

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

/** A change's transactions before signing, and its blobs. */
interface Planned {
  readonly bodies: { readonly hlc: Hlc; readonly body: TxBody }[];
  readonly contents: Content[];
}

/**
 * The transactions for `change`: a put, an edit of text and/or tags (one transaction per field, so
 * concurrent edits of different fields both survive), or a delete, each at the next `tick`.
 */
function plan(prims: Primitives, tick: () => Hlc, change: MemoryChange): Planned {
  const bodies: Planned['bodies'] = [];
  const contents: Content[] = [];
  const memory = change.id;
  if (change.kind === 'delete') {
    bodies.push({ hlc: tick(), body: { kind: 'memory-delete', memory } });
    return { bodies, contents };
  }
  if (change.kind === 'put') {
    const text = textContent(prims, change.text);
    const tags = tagsContent(prims, change.tags);
    contents.push(text, tags);
    const body = { kind: 'memory-put' as const, memory, source: change.source };
    bodies.push({ hlc: tick(), body: { ...body, textHash: text.hash, tagsHash: tags.hash } });
    return { bodies, contents };
  }
  if (change.text !== undefined) {
    const text = textContent(prims, change.text);
    contents.push(text);
    bodies.push({ hlc: tick(), body: { kind: 'memory-edit', memory, textHash: text.hash } });
  }
  if (change.tags !== undefined) {
    const tags = tagsContent(prims, change.tags);
    contents.push(tags);
    bodies.push({ hlc: tick(), body: { kind: 'memory-tag', memory, tagsHash: tags.hash } });
  }
  return { bodies, contents };
}

/** Signs the transactions for `change`; `tick` returns the device's next clock value. */
export function recordChange(
  prims: Primitives,
  signer: Signer,
  tick: () => Hlc,
  change: MemoryChange,
): ChangeRecord {
  const { bodies, contents } = plan(prims, tick, change);
  return { txs: bodies.map((b) => createTx(prims, signer, b.hlc, b.body)), contents };
}

/**
 * `recordChange` for many changes, signed as one batch (`createTxs`): a bulk write or an import
 * chunk. `tickFor` gives each change its clock, in order, before anything is signed.
 */
export async function recordChanges(
  prims: Primitives,
  signer: Signer,
  tickFor: (change: MemoryChange) => () => Hlc,
  changes: readonly MemoryChange[],
): Promise<ChangeRecord> {
  const planned = changes.map((change) => plan(prims, tickFor(change), change));
  const txs = await createTxs(
    prims,
    signer,
    planned.flatMap((p) => p.bodies),
  );
  return { txs, contents: planned.flatMap((p) => p.contents) };
}
