/**
 * An append-only RFC 6962 tree that keeps only its frontier (a "compact range" from the left
 * edge): the roots of the perfect subtrees the tree decomposes into, one per set bit of its size,
 * largest first. The chain appends one block hash at a time, so this gives the log root after each
 * block in O(log n) memory and O(log n) hashes, without keeping every leaf around.
 */
import { KianaError } from '@kiana/shared/errors';
import { half, isCount, isOdd, popCount } from './bits.ts';
import type { TreeHasher } from './hasher.ts';

/** The persistable form of a frontier: enough to resume appending after a restart. */
export interface FrontierState {
  readonly size: number;
  /** Perfect subtree roots, leftmost (largest) first; exactly one per set bit of `size`. */
  readonly nodes: readonly Uint8Array[];
}

/** An append-only Merkle tree that remembers only what it needs for its root and next appends. */
export class MerkleFrontier {
  readonly #hasher: TreeHasher;
  #size: number;
  readonly #nodes: Uint8Array[];
  #root: Uint8Array | null = null;

  /**
   * An empty tree, or one resumed from `state`. Throws `bad-message` when the state is not a
   * possible frontier (wrong node count or node length), since it usually comes from storage.
   */
  constructor(hasher: TreeHasher, state: FrontierState = { size: 0, nodes: [] }) {
    if (!isCount(state.size) || state.nodes.length !== popCount(state.size)) {
      throw new KianaError('bad-message', `not a frontier of size ${state.size}`);
    }
    for (const node of state.nodes) checkHash(hasher, node);
    this.#hasher = hasher;
    this.#size = state.size;
    this.#nodes = [...state.nodes];
  }

  /** The number of leaves appended so far. */
  get size(): number {
    return this.#size;
  }

  /**
   * Appends one leaf by its leaf hash, H(0x00 ‖ entry). Like a binary counter's carry, each pair
   * of equal perfect subtrees merges into one of twice the size.
   */
  append(leafHash: Uint8Array): void {
    checkHash(this.#hasher, leafHash);
    let node = leafHash;
    for (let s = this.#size; isOdd(s); s = half(s)) {
      const left = this.#nodes.pop();
      if (left === undefined) throw new KianaError('internal', 'frontier lost a node');
      node = this.#hasher.nodeHash(left, node);
    }
    this.#nodes.push(node);
    this.#size += 1;
    this.#root = null;
  }

  /**
   * The RFC 6962 root of everything appended, equal to `merkleRoot` of the same leaves. Folding
   * from the right works because RFC 6962 always splits off the largest perfect subtree first.
   */
  root(): Uint8Array {
    if (this.#root !== null) return this.#root;
    let root: Uint8Array | undefined;
    for (let i = this.#nodes.length - 1; i >= 0; i--) {
      const node = this.#nodes[i];
      if (node === undefined) continue;
      root = root === undefined ? node : this.#hasher.nodeHash(node, root);
    }
    this.#root = root ?? this.#hasher.emptyRoot;
    return this.#root;
  }

  /** A snapshot to store and later pass back to the constructor. */
  state(): FrontierState {
    return { size: this.#size, nodes: [...this.#nodes] };
  }
}

function checkHash(hasher: TreeHasher, hash: Uint8Array): void {
  if (hash.length !== hasher.size) {
    throw new KianaError('bad-message', `hash of ${hash.length} bytes, expected ${hasher.size}`);
  }
}
