/**
 * `ChainTree`: every valid block a device holds, on every branch, with fork choice, the canonical
 * branch, its block-hash log and the merged memories kept up to date as blocks arrive. In memory
 * and synchronous; the store worker persists blocks beside it and replays them on start.
 */
import type { Primitives } from '../crypto/primitives.ts';
import { KianaError } from '../errors.ts';
import { hlcCompare, type Hlc } from '../hlc.ts';
import type { DeviceId } from '../ids.ts';
import type { FrontierState, Proof } from '../merkle/index.ts';
import { Members, turnDistance } from './authority.ts';
import { BlockLog } from './block-log.ts';
import { decodeBlock } from './block-codec.ts';
import { toHex } from './bytes.ts';
import { compareHeads, forkChoice } from './fork-choice.ts';
import { merkleOf } from './hashing.ts';
import { countsUnder, reinclusionOrder } from './merge.ts';
import { MemoryMerge, type MemoryView } from './memory-merge.ts';
import type { Block, Tx } from './types.ts';
import { validateBlock, type ParentInfo, type ValidationContext } from './validate.ts';

/** A stored block and what the tree derived from it. */
export interface Entry {
  readonly block: Block;
  readonly hex: string;
  readonly parent: Entry | null;
  readonly height: number;
  /** The authority set after this block on its branch. */
  readonly members: Members;
  /** RFC 6962 leaf hash of the block hash: its leaf in the block-hash log. */
  readonly leafHash: Uint8Array;
  /** The block-hash log up to and including this block. */
  readonly frontier: FrontierState;
  readonly logRootAfter: Uint8Array;
  readonly totalWeight: number;
  readonly turnDistance: number;
  readonly hash: Uint8Array;
  /** False once a removal makes its sealer (or an ancestor's) lose its rights. */
  effective: boolean;
  children: number;
}

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

/** All blocks of one device, on every branch. */
export class ChainTree {
  readonly prims: Primitives;
  readonly #options: ChainTreeOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #txIndex = new Map<string, Entry[]>();
  readonly #revoked = new Map<DeviceId, Hlc>();
  #canonical: Entry[] = [];
  #canonicalTxs = new Set<string>();
  /** Blocks off the canonical branch (or no longer counting) whose transactions may need re-inclusion. */
  #side = new Set<Entry>();
  /** Blocks without children, for `tips`. */
  readonly #leaves = new Set<Entry>();
  #log: BlockLog;
  #merge = new MemoryMerge();

  constructor(prims: Primitives, options: ChainTreeOptions = {}) {
    this.prims = prims;
    this.#options = options;
    this.#log = new BlockLog(merkleOf(prims).hasher);
  }

  /** The canonical head, or null before genesis. */
  get head(): Entry | null {
    return this.#canonical.at(-1) ?? null;
  }

  /** The first block, which names this set of devices. */
  get genesis(): Entry | null {
    return this.#canonical[0] ?? null;
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
    return this.#canonical[height];
  }

  /** True when `entry` is on the canonical branch. */
  isCanonical(entry: Entry): boolean {
    return this.#canonical[entry.height] === entry;
  }

  /** Every stored block, in no particular order. */
  entries(): IterableIterator<Entry> {
    return this.#entries.values();
  }

  /** Removals known from any branch. */
  get revoked(): ReadonlyMap<DeviceId, Hlc> {
    return this.#revoked;
  }

  /** The validation context for a child of `parent` (null: genesis). */
  contextFor(parent: Entry | null, now: number): ValidationContext {
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
      ...(this.#options.maxSkewMs === undefined ? {} : { maxSkewMs: this.#options.maxSkewMs }),
    };
  }

  /** True when a block on the branch ending at `tip` carries the transaction `txId`. */
  isOnBranch(txId: Uint8Array, tip: Entry): boolean {
    const holders = this.#txIndex.get(toHex(txId));
    return holders !== undefined && holders.some((e) => this.#isAncestor(e, tip));
  }

  /** True when `a` is `b` or one of its ancestors. Short walks: forks are shallow. */
  #isAncestor(a: Entry, b: Entry): boolean {
    if (a.height > b.height) return false;
    let x: Entry | null = b;
    while (x !== null && x.height > a.height) {
      if (this.#canonical[x.height] === x) return this.#canonical[a.height] === a;
      x = x.parent;
    }
    return x === a;
  }

  /**
   * Validates and stores a block (bytes from a peer, or a decoded block). Known blocks answer
   * `known`; anything invalid answers `rejected` with the coded error, and nothing changes.
   */
  add(input: Uint8Array | Block, now: number): AddResult {
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
    const result = validateBlock(block, this.contextFor(parent ?? null, now));
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
    if (this.#learnRemovals(block.txs)) {
      this.#recompute();
      return { status: 'added', entry, headChanged: true };
    }
    for (const tx of block.txs) if (countsUnder(this.#revoked, tx)) this.#merge.apply(tx);
    const head = this.head;
    const better = head === null || compareHeads(entry, head) < 0;
    if (better) this.#setHead(entry);
    else this.#side.add(entry);
    return { status: 'added', entry, headChanged: better };
  }

  /** Records removals; true when one is new or earlier than what was known. */
  #learnRemovals(txs: readonly Tx[]): boolean {
    let changed = false;
    for (const tx of txs) {
      if (tx.body.kind !== 'device-remove') continue;
      const id = this.prims.deviceIdOf(tx.body.signKey);
      const known = this.#revoked.get(id);
      if (known === undefined || hlcCompare(tx.hlc, known) < 0) {
        this.#revoked.set(id, tx.hlc);
        changed = true;
      }
    }
    return changed;
  }

  /** After a new removal: which blocks still count, the best head, and the merged state. */
  #recompute(): void {
    const byHeight = [...this.#entries.values()].sort((a, b) => a.height - b.height);
    for (const e of byHeight) {
      const at = this.#revoked.get(e.block.header.signer);
      const revokedSigner = at !== undefined && e.height > 0 && e.block.header.time >= at.wallMs;
      e.effective = (e.parent?.effective ?? true) && !revokedSigner;
    }
    this.#merge = new MemoryMerge();
    for (const e of byHeight) {
      for (const tx of e.block.txs) if (countsUnder(this.#revoked, tx)) this.#merge.apply(tx);
    }
    const best = forkChoice(byHeight.filter((e) => e.effective));
    this.#canonical = [];
    this.#canonicalTxs = new Set();
    this.#log = new BlockLog(merkleOf(this.prims).hasher);
    this.#side = new Set(byHeight);
    if (best) this.#setHead(best);
    for (const e of byHeight) if (!e.effective) this.#side.add(e);
  }

  /** Makes `entry` the head, replacing the canonical branch above the fork point. */
  #setHead(entry: Entry): void {
    const path: Entry[] = [];
    let x: Entry | null = entry;
    while (x !== null && this.#canonical[x.height] !== x) {
      path.push(x);
      x = x.parent;
    }
    const keep = x === null ? 0 : x.height + 1;
    this.#log.truncate(keep);
    for (const dropped of this.#canonical.splice(keep)) {
      for (const tx of dropped.block.txs) this.#canonicalTxs.delete(toHex(tx.id));
      this.#side.add(dropped);
    }
    for (const added of path.reverse()) {
      this.#canonical.push(added);
      this.#log.push(added.leafHash);
      this.#side.delete(added);
      for (const tx of added.block.txs) this.#canonicalTxs.add(toHex(tx.id));
    }
  }

  /**
   * Transactions on other branches (or in blocks that no longer count) but not on the canonical
   * one, which the next sealed block must carry so the canonical history holds every write.
   */
  reinclusions(): Tx[] {
    const waiting = new Map<string, Tx>();
    for (const e of this.#side) {
      let open = false;
      for (const tx of e.block.txs) {
        const key = toHex(tx.id);
        if (this.#canonicalTxs.has(key) || !countsUnder(this.#revoked, tx)) continue;
        waiting.set(key, tx);
        open = true;
      }
      // Settled: every transaction is canonical. Should a reorg take one off again, the block
      // that carried it there is dropped from the canonical branch and becomes a side block.
      if (!open) this.#side.delete(e);
    }
    return [...waiting.values()].sort(reinclusionOrder);
  }

  /** The merged memories of every block held (see merge.ts). */
  memories(): MemoryView[] {
    return this.#merge.views();
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
    return this.#log.consistencyProof(size1, size2);
  }

  /** Leaves off the canonical branch, highest first: where a partial download left off. */
  tips(max: number): Entry[] {
    const tips = [...this.#entries.values()].filter(
      (e) => e.children === 0 && !this.isCanonical(e),
    );
    return tips.sort((a, b) => b.height - a.height).slice(0, max);
  }
}
