/**
 * Memories as a merge of transactions: last writer wins per field by hybrid logical clock, and a
 * delete hides every field written before it. Applying is commutative, associative and idempotent
 * (a state-based CRDT), so the result depends only on the set of transactions seen — never on
 * their order, on which block carried them, or on which branch won fork choice.
 */
import { hlcCompare, type Hlc } from '../hlc.ts';
import type { DeviceId, MemoryId } from '@kiana/shared/ids';
import type { MemorySource } from '../memory/types.ts';
import { compareBytes, toHex } from './bytes.ts';
import { contentHashesOf } from './tx.ts';
import type { Tx } from './types.ts';

/** One field's current value: the blob hash and the clock of the write. */
export interface FieldValue {
  readonly hash: Uint8Array;
  readonly hlc: Hlc;
}

/** Where a memory came from: its earliest put. */
export interface MemoryOrigin {
  readonly author: DeviceId;
  readonly hlc: Hlc;
  readonly source: MemorySource;
}

/** Everything the merge keeps about one memory. */
export interface MemoryRecord {
  readonly id: MemoryId;
  /** Null until the put is seen (an edit can arrive on another branch first). */
  readonly origin: MemoryOrigin | null;
  readonly text: FieldValue | null;
  readonly tags: FieldValue | null;
  /** The latest delete, or null. */
  readonly deletedAt: Hlc | null;
}

/** A memory as the store shows it, derived from its record. */
export interface MemoryView {
  readonly id: MemoryId;
  readonly origin: MemoryOrigin | null;
  /** False when deleted, or when no text has been seen yet. */
  readonly alive: boolean;
  /** The text blob to show; null unless alive. */
  readonly textHash: Uint8Array | null;
  /** The tags blob; null unless alive and written after the latest delete. */
  readonly tagsHash: Uint8Array | null;
  /** The latest clock among the fields shown (or the delete). */
  readonly updated: Hlc | null;
}

/** Latest value first: clock, then hash (only a misbehaving author reuses a clock). */
function newer(a: FieldValue, b: FieldValue | null): boolean {
  if (b === null) return true;
  const c = hlcCompare(a.hlc, b.hlc);
  return c > 0 || (c === 0 && compareBytes(a.hash, b.hash) > 0);
}

function after(hlc: Hlc, than: Hlc | null): boolean {
  return than === null || hlcCompare(hlc, than) > 0;
}

/**
 * The blobs of a record that must be kept: each field's latest value unless the latest delete is
 * newer. Not the same as what is shown: tags written before the text has arrived (the put may be
 * on a branch not yet synced) are kept although nothing is shown yet.
 */
export function liveHashes(r: MemoryRecord): Uint8Array[] {
  const live: Uint8Array[] = [];
  for (const field of [r.text, r.tags]) {
    if (field !== null && after(field.hlc, r.deletedAt)) live.push(field.hash);
  }
  return live;
}

/** The view of a record (pure). */
export function viewOf(r: MemoryRecord): MemoryView {
  const text = r.text !== null && after(r.text.hlc, r.deletedAt) ? r.text : null;
  const tags = text !== null && r.tags !== null && after(r.tags.hlc, r.deletedAt) ? r.tags : null;
  const shown = text !== null ? [text.hlc, tags?.hlc] : [r.deletedAt];
  let updated: Hlc | null = null;
  for (const hlc of shown) if (hlc && after(hlc, updated)) updated = hlc;
  return {
    id: r.id,
    origin: r.origin,
    alive: text !== null,
    textHash: text?.hash ?? null,
    tagsHash: tags?.hash ?? null,
    updated,
  };
}

/** The merged memories, updated one transaction at a time. */
export class MemoryMerge {
  readonly #records = new Map<MemoryId, MemoryRecord>();
  readonly #applied = new Set<string>();
  /** Blobs the shown memories need, by hex; kept up to date by `apply`. */
  readonly #keep = new Map<string, Uint8Array>();
  /** Every other blob a transaction named. */
  readonly #erase = new Map<string, Uint8Array>();
  /** Kept blobs nobody has confirmed to be in the blob store yet. */
  readonly #unconfirmed = new Map<string, Uint8Array>();

  /** Merges one transaction; true when it was new. Non-memory transactions are ignored. */
  apply(tx: Tx): boolean {
    const key = toHex(tx.id);
    if (this.#applied.has(key)) return false;
    this.#applied.add(key);
    const body = tx.body;
    if (
      body.kind !== 'memory-put' &&
      body.kind !== 'memory-edit' &&
      body.kind !== 'memory-delete' &&
      body.kind !== 'memory-tag'
    ) {
      return true;
    }
    const r: MemoryRecord = this.#records.get(body.memory) ?? {
      id: body.memory,
      origin: null,
      text: null,
      tags: null,
      deletedAt: null,
    };
    let { origin, text, tags, deletedAt } = r;
    const hlc = tx.hlc;
    if (body.kind === 'memory-put') {
      if (origin === null || hlcCompare(hlc, origin.hlc) < 0) {
        origin = { author: tx.author, hlc, source: body.source };
      }
    }
    if (body.kind === 'memory-put' || body.kind === 'memory-edit') {
      const v = { hash: body.textHash, hlc };
      if (newer(v, text)) text = v;
    }
    if (body.kind === 'memory-put' || body.kind === 'memory-tag') {
      const v = { hash: body.tagsHash, hlc };
      if (newer(v, tags)) tags = v;
    }
    if (body.kind === 'memory-delete' && after(hlc, deletedAt)) deletedAt = hlc;
    const next = { id: r.id, origin, text, tags, deletedAt };
    this.#records.set(body.memory, next);
    this.#account(liveHashes(r), liveHashes(next), contentHashesOf(tx));
    return true;
  }

  /**
   * Moves blobs between keep and erase after one record's live values went from `before` to
   * `after`. A blob leaves keep only for erase and never returns: a field's value only moves to a
   * later clock and the delete only to a later one, so a value once superseded or deleted can
   * never be live again.
   */
  #account(before: Uint8Array[], after: Uint8Array[], named: readonly Uint8Array[]): void {
    const live = new Set(after.map(toHex));
    for (const hash of [...before, ...named]) {
      const hex = toHex(hash);
      if (live.has(hex)) continue;
      this.#keep.delete(hex);
      this.#unconfirmed.delete(hex);
      this.#erase.set(hex, hash);
    }
    for (const hash of after) {
      const hex = toHex(hash);
      if (this.#keep.has(hex)) continue;
      this.#keep.set(hex, hash);
      this.#unconfirmed.set(hex, hash);
    }
  }

  /**
   * Kept blobs not yet confirmed to be in the blob store. Sync checks only these against the
   * store (and confirms them), instead of every kept blob on every session; a blob becomes
   * unconfirmed when it starts being kept, and every blob is unconfirmed after a restart.
   */
  unconfirmed(): ReadonlyMap<string, Uint8Array> {
    return this.#unconfirmed;
  }

  /** Marks a kept blob as present in the blob store. */
  confirm(hex: string): void {
    this.#unconfirmed.delete(hex);
  }

  /** True when the transaction with this id was applied. */
  has(txId: Uint8Array): boolean {
    return this.#applied.has(toHex(txId));
  }

  /** The record of one memory. */
  record(id: MemoryId): MemoryRecord | undefined {
    return this.#records.get(id);
  }

  /** Every memory's view, sorted by id so two merges can be compared directly. */
  views(): MemoryView[] {
    return [...this.#records.values()].map(viewOf).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /**
   * Which blobs to keep (every field's live value, `liveHashes`) and which to erase (every other
   * blob a transaction ever named: deleted memories and superseded edits). A blob once erasable
   * never becomes needed again, because fields and deletes only move to later clocks.
   */
  content(): {
    keep: ReadonlyMap<string, Uint8Array>;
    erase: ReadonlyMap<string, Uint8Array>;
  } {
    return { keep: this.#keep, erase: this.#erase };
  }
}
