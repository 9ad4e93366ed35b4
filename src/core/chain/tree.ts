/**
 * `ChainTree`: every valid block a device holds, on every branch, with fork choice, the canonical
 * branch, its block-hash log and the merged memories kept up to date as blocks arrive. In memory
 * and synchronous; the store worker persists blocks beside it and replays them on start.
 */
import type { Primitives } from '../crypto/primitives.ts';
import { KianaError } from '@kiana/shared/errors';
import type { Hlc } from '../hlc.ts';
import type { DeviceId, MemoryId } from '@kiana/shared/ids';
import type { Proof } from '../merkle/index.ts';
import { Members, turnDistance } from './authority.ts';
import { CanonicalBranch } from './canonical.ts';
import type { Entry } from './entry.ts';
import { decodeBlock } from './block-codec.ts';
import { toHex } from './bytes.ts';
import { compareHeads, forkChoice } from './fork-choice.ts';
import { merkleOf } from './hashing.ts';
import { MemoryMerge, viewOf, type MemoryView } from './memory-merge.ts';
import { findRevoked, markEffective } from './revocations.ts';
import { memoryOf } from './tx.ts';
import type { Block, Tx } from './types.ts';
import { validateBlock, type ParentInfo, type ValidationContext } from './validate.ts';

/** The answer to `add`. */
export type AddResult =
  | { readonly status: 'added'; readonly entry: Entry; readonly headChanged: boolean }
  | { readonly status: 'known'; readonly entry: Entry }
  | { readonly status: 'rejected'; readonly error: KianaError };

/** Options of a tree. */
export interface ChainTreeOptions {
  /** Future skew allowed, ms (tests shorten it). */
  readonly maxSkewMs?: number;
}

export type { Entry } from './entry.ts';

/** All blocks of one device, on every branch. */
export class ChainTree {
  readonly prims: Primitives;
  readonly #options: ChainTreeOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #txIndex = new Map<string, Entry[]>();
  #revoked = new Map<DeviceId, Hlc>();
  #canonical: CanonicalBranch;
  /** Blocks without children, for `tips`. */
  readonly #leaves = new Set<Entry>();
  /** Memories whose merged record changed since the last `takeChanges`. */
  #changed = new Set<MemoryId>();
  readonly #merge = new MemoryMerge();

  constructor(prims: Primitives, options: ChainTreeOptions = {}) {
    this.prims = prims;
    this.#options = options;
    this.#canonical = new CanonicalBranch(merkleOf(prims).hasher);
  }

  /** The canonical head, or null before genesis. */
  get head(): Entry | null {
    return this.#canonical.head;
  }

  /** The first block, which names this set of devices. */
  get genesis(): Entry | null {
    return this.#canonical.at(0) ?? null;
  }

  /** Number of stored blocks on all branches. */
  get size(): number {
    return this.#entries.size;
  }

  /** A stored block by hash. */
  get(hash: Uint8Array): Entry | undefined {
    return this.#entries.get(toHex(hash));
  }

  /** The canonical block at `height`. */
  canonicalAt(height: number): Entry | undefined {
    return this.#canonical.at(height);
  }

  /** True when `entry` is on the canonical branch. */
  isCanonical(entry: Entry): boolean {
    return this.#canonical.has(entry);
  }

  /** Every stored block, in no particular order. */
  entries(): IterableIterator<Entry> {
    return this.#entries.values();
  }

  /** Removals in force, from any branch (see revocations.ts). */
  get revoked(): ReadonlyMap<DeviceId, Hlc> {
    return this.#revoked;
  }

  /** The validation context for a child of `parent` (null: genesis). */
  contextFor(parent: Entry | null, now: number, replay = false): ValidationContext {
    const info: ParentInfo | null = parent && {
      hash: parent.hash,
      height: parent.height,
      time: parent.block.header.time,
      logRootAfter: parent.logRootAfter,
    };
    return {
      prims: this.prims,
      now,
      parent: info,
      members: parent?.members ?? new Members(),
      revoked: this.#revoked,
      isIncluded: (txId) => parent !== null && this.isOnBranch(txId, parent),
      lastSealed: (device) => {
        // Walks back to the device's latest block: only removals ask, and they are rare.
        for (let x = parent; x !== null; x = x.parent) {
          if (x.block.header.signer === device) return x.block.header.time;
        }
        return undefined;
      },
      ...(this.#options.maxSkewMs === undefined ? {} : { maxSkewMs: this.#options.maxSkewMs }),
      ...(replay ? { replay } : {}),
    };
  }

  /** True when a block on the branch ending at `tip` carries the transaction `txId`. */
  isOnBranch(txId: Uint8Array, tip: Entry): boolean {
    const holders = this.#txIndex.get(toHex(txId));
    return holders !== undefined && holders.some((e) => this.#canonical.isAncestor(e, tip));
  }

  /**
   * Validates and stores a block (bytes from a peer, or a decoded block). Known blocks answer
   * `known`; anything invalid answers `rejected` with the coded error, and nothing changes.
   * `replay` is for blocks read back from this device's own storage at start (see
   * `ValidationContext.replay`): every rule but the signatures and the future bound still runs.
   */
  add(input: Uint8Array | Block, now: number, replay = false): AddResult {
    let block: Block;
    try {
      block = input instanceof Uint8Array ? decodeBlock(this.prims, input) : input;
    } catch (error) {
      if (error instanceof KianaError) return { status: 'rejected', error };
      throw error;
    }
    const hex = toHex(block.hash);
    const known = this.#entries.get(hex);
    if (known) return { status: 'known', entry: known };
    const parent = block.header.height === 0 ? null : this.get(block.header.parent);
    if (block.header.height > 0 && parent === undefined) {
      const error = new KianaError(
        'block-unknown-parent',
        `parent of block ${block.header.height}`,
      );
      return { status: 'rejected', error };
    }
    if (parent === null && this.genesis !== null) {
      return { status: 'rejected', error: new KianaError('sync-other-chain', 'a second genesis') };
    }
    if (parent && !parent.effective) {
      const error = new KianaError('block-not-authority', 'its parent was sealed after a removal');
      return { status: 'rejected', error };
    }
    const result = validateBlock(block, this.contextFor(parent ?? null, now, replay));
    if (!result.ok) return { status: 'rejected', error: result.error };
    return this.#store(block, hex, parent ?? null, result.members);
  }

  #store(block: Block, hex: string, parent: Entry | null, members: Members): AddResult {
    const merkle = merkleOf(this.prims);
    const leafHash = merkle.leafHash(block.hash);
    const frontier = merkle.frontier(parent?.frontier);
    frontier.append(leafHash);
    const h = block.header;
    const entry: Entry = {
      block,
      hex,
      parent,
      height: h.height,
      members,
      leafHash,
      frontier: frontier.state(),
      logRootAfter: frontier.root(),
      totalWeight: (parent?.totalWeight ?? 0) + h.weight,
      turnDistance: turnDistance(parent?.members.rota ?? [h.signer], h.height, h.signer),
      hash: block.hash,
      effective: true,
      children: 0,
    };
    this.#entries.set(hex, entry);
    this.#leaves.add(entry);
    if (parent) {
      parent.children += 1;
      this.#leaves.delete(parent);
    }
    for (const tx of block.txs) {
      const key = toHex(tx.id);
      const holders = this.#txIndex.get(key);
      if (holders) holders.push(entry);
      else this.#txIndex.set(key, [entry]);
    }
    for (const tx of block.txs) this.#mergeTx(tx);
    if (block.txs.some((tx) => tx.body.kind === 'device-remove')) {
      this.#recompute();
      return { status: 'added', entry, headChanged: true };
    }
    const head = this.head;
    const better = head === null || compareHeads(entry, head) < 0;
    if (better) this.#canonical.setHead(entry);
    else this.#canonical.addSide(entry);
    return { status: 'added', entry, headChanged: better };
  }

  /**
   * Every transaction of every stored block counts for the memories, removals or not: a removal
   * stops a device's future writes (its later blocks are refused), it never takes back a write
   * some device accepted. So no removal, however dated, can hide or erase a memory.
   */
  #mergeTx(tx: Tx): void {
    if (!this.#merge.apply(tx)) return;
    const memory = memoryOf(tx);
    if (memory !== null) this.#changed.add(memory);
  }

  /** After a block carrying a removal: removals in force, which blocks count, the best head. */
  #recompute(): void {
    const byHeight = [...this.#entries.values()].sort((a, b) => a.height - b.height);
    this.#revoked = findRevoked(byHeight, (key) => this.prims.deviceIdOf(key));
    markEffective(byHeight, this.#revoked);
    const best = forkChoice(byHeight.filter((e) => e.effective));
    this.#canonical = new CanonicalBranch(merkleOf(this.prims).hasher);
    for (const e of byHeight) this.#canonical.addSide(e);
    if (best) this.#canonical.setHead(best);
  }

  /**
   * Transactions on other branches (or in blocks that no longer count) but not on the canonical
   * one, which the next sealed block must carry so the canonical history holds every write.
   */
  reinclusions(): Tx[] {
    return this.#canonical.reinclusions(this.#revoked);
  }

  /**
   * True when `device` may seal on the head: an active authority there, not removed anywhere.
   * A removed device keeps its chain and memories but seals nothing any more.
   */
  canSeal(device: DeviceId): boolean {
    const head = this.head;
    return head === null || (head.members.isActive(device) && !this.#revoked.has(device));
  }

  /** The merged memories of every block held (see merge.ts), sorted by id. */
  memories(): MemoryView[] {
    return this.#merge.views();
  }

  /** One merged memory, or undefined when no transaction names it. */
  memory(id: MemoryId): MemoryView | undefined {
    const record = this.#merge.record(id);
    return record && viewOf(record);
  }

  /**
   * The memories whose merged state changed since the last call, so the store updates only those
   * rows after a sync. `all` is never set any more: a removal no longer changes the merge.
   */
  takeChanges(): { readonly ids: MemoryId[]; readonly all: boolean } {
    const changes = { ids: [...this.#changed], all: false };
    this.#changed = new Set();
    return changes;
  }

  /** Blobs to keep and to erase under the merged state. */
  content(): ReturnType<MemoryMerge['content']> {
    return this.#merge.content();
  }

  /** Kept blobs not yet confirmed present in the blob store (see `MemoryMerge.unconfirmed`). */
  unconfirmedContent(): ReadonlyMap<string, Uint8Array> {
    return this.#merge.unconfirmed();
  }

  /** Marks a kept blob as present in the blob store. */
  confirmContent(hex: string): void {
    this.#merge.confirm(hex);
  }

  /** True when the merge has seen the transaction (on any branch). */
  hasMerged(txId: Uint8Array): boolean {
    return this.#merge.has(txId);
  }

  /** RFC 6962 proof that the canonical log of `size1` blocks is a prefix of that of `size2`. */
  consistencyProof(size1: number, size2: number): Proof {
    return this.#canonical.consistencyProof(size1, size2);
  }

  /** Leaves off the canonical branch, highest first: where a partial download left off. */
  tips(max: number): Entry[] {
    const tips = [...this.#leaves].filter((e) => !this.isCanonical(e));
    return tips.sort((a, b) => b.height - a.height).slice(0, max);
  }
}
