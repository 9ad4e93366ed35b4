/**
 * The canonical branch of a tree: its blocks by height, the ids of the transactions on it, its
 * block-hash log, and the side blocks whose transactions may still need re-inclusion. Moving the
 * head only touches the blocks above the fork point.
 */
import type { DeviceId } from '@kiana/shared/ids';
import type { Proof, TreeHasher } from '../merkle/index.ts';
import { BlockLog } from './block-log.ts';
import { toHex } from './bytes.ts';
import type { Entry } from './entry.ts';
import type { Hlc } from '../hlc.ts';
import { reinclusionOrder } from './merge.ts';
import { removedBy } from './revocations.ts';
import type { Tx } from './types.ts';

/** The canonical branch and what hangs off it. */
export class CanonicalBranch {
  readonly #blocks: Entry[] = [];
  readonly #txs = new Set<string>();
  readonly #log: BlockLog;
  /** Blocks off the branch (or no longer counting) whose transactions may need re-inclusion. */
  readonly #side = new Set<Entry>();

  constructor(hasher: TreeHasher) {
    this.#log = new BlockLog(hasher);
  }

  /** The head, or null before genesis. */
  get head(): Entry | null {
    return this.#blocks.at(-1) ?? null;
  }

  /** The block at `height`. */
  at(height: number): Entry | undefined {
    return this.#blocks[height];
  }

  /** True when `entry` is on the branch. */
  has(entry: Entry): boolean {
    return this.#blocks[entry.height] === entry;
  }

  /** True when `a` is `b` or one of its ancestors. Short walks: forks are shallow. */
  isAncestor(a: Entry, b: Entry): boolean {
    if (a.height > b.height) return false;
    let x: Entry | null = b;
    while (x !== null && x.height > a.height) {
      if (this.has(x)) return this.#blocks[a.height] === a;
      x = x.parent;
    }
    return x === a;
  }

  /** Records a block that is not (or no longer) on the branch. */
  addSide(entry: Entry): void {
    this.#side.add(entry);
  }

  /** Makes `entry` the head, replacing the branch above the fork point. */
  setHead(entry: Entry): void {
    const path: Entry[] = [];
    let x: Entry | null = entry;
    while (x !== null && !this.has(x)) {
      path.push(x);
      x = x.parent;
    }
    const keep = x === null ? 0 : x.height + 1;
    this.#log.truncate(keep);
    for (const dropped of this.#blocks.splice(keep)) {
      for (const tx of dropped.block.txs) this.#txs.delete(toHex(tx.id));
      this.#side.add(dropped);
    }
    for (const added of path.reverse()) {
      this.#blocks.push(added);
      this.#log.push(added.leafHash);
      this.#side.delete(added);
      for (const tx of added.block.txs) this.#txs.add(toHex(tx.id));
    }
  }

  /**
   * Transactions of side blocks that the branch lacks, in re-inclusion order. Device
   * transactions a removed author made after its removal are left out: no block may carry them.
   */
  reinclusions(revoked: ReadonlyMap<DeviceId, Hlc>): Tx[] {
    const waiting = new Map<string, Tx>();
    for (const e of this.#side) {
      let open = false;
      for (const tx of e.block.txs) {
        const key = toHex(tx.id);
        const deviceTx = tx.body.kind === 'device-add' || tx.body.kind === 'device-remove';
        if (this.#txs.has(key) || (deviceTx && removedBy(revoked, tx.author, tx.hlc))) continue;
        waiting.set(key, tx);
        open = true;
      }
      // Settled: every transaction is canonical. Should a reorg take one off again, the block
      // that carried it there is dropped from the branch and becomes a side block.
      if (!open) this.#side.delete(e);
    }
    return [...waiting.values()].sort(reinclusionOrder);
  }

  /** RFC 6962 proof that the log of `size1` blocks is a prefix of that of `size2`. */
  consistencyProof(size1: number, size2: number): Proof {
    return this.#log.consistencyProof(size1, size2);
  }
}
