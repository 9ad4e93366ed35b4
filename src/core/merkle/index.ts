/**
 * RFC 6962 (Certificate Transparency) Merkle trees: roots, inclusion and consistency proofs, and an
 * append-only frontier. `createMerkle` binds everything to one synchronous hash, which the caller
 * injects because only `core/crypto` may load libsodium (e.g. `sodium.crypto_hash_sha256` once it
 * is ready, or Node's `createHash('sha256')` in tests).
 */
import { isCount } from './bits.ts';
import { MerkleFrontier, type FrontierState } from './frontier.ts';
import { createTreeHasher, type HashFn, type TreeHasher } from './hasher.ts';
import { leafHashesByBatch, rootByLevels, type BatchHashFn } from './levels.ts';
import {
  consistencyProofOfLeafHashes,
  inclusionProofOfLeafHashes,
  rootOfLeafHashes,
  type Proof,
} from './tree.ts';
import { verifyConsistency, verifyInclusion } from './verify.ts';

export { MerkleFrontier, type FrontierState } from './frontier.ts';
export { bytesEqual, createTreeHasher, type HashFn, type TreeHasher } from './hasher.ts';
export type { Proof } from './tree.ts';
export type { BatchHashFn } from './levels.ts';

/**
 * The Merkle operations bound to one hash. Functions named after leaves take raw entries, as
 * RFC 6962's MTH does, and hash them; the `…OfLeafHashes` forms take H(0x00 ‖ entry) directly, for
 * callers (the chain) that store leaf hashes. Builders throw `not-found` for a leaf or size the
 * input does not hold; verifiers never throw and answer `false` to anything malformed.
 */
export interface Merkle {
  /** The hashing rules, for the frontier or for callers that need a node hash. */
  readonly hasher: TreeHasher;
  /** H(0x00 ‖ entry): the leaf hash of one raw entry. */
  leafHash(entry: Uint8Array): Uint8Array;
  /** MTH(leaves): the root of the tree of raw entries; H("") for none. */
  merkleRoot(leaves: readonly Uint8Array[]): Uint8Array;
  /** The root of the tree of the first `size` leaf hashes (default: all). */
  rootOfLeafHashes(leafHashes: readonly Uint8Array[], size?: number): Uint8Array;
  /** The audit path of raw entry `index` in the tree of the first `size` entries (default: all). */
  inclusionProof(leaves: readonly Uint8Array[], index: number, size?: number): Proof;
  /** As `inclusionProof`, over leaf hashes. */
  inclusionProofOfLeafHashes(
    leafHashes: readonly Uint8Array[],
    index: number,
    size?: number,
  ): Proof;
  /** The proof that the first `size1` entries' tree is a prefix of the first `size2` (default: all). */
  consistencyProof(leaves: readonly Uint8Array[], size1: number, size2?: number): Proof;
  /** As `consistencyProof`, over leaf hashes. */
  consistencyProofOfLeafHashes(
    leafHashes: readonly Uint8Array[],
    size1: number,
    size2?: number,
  ): Proof;
  /** True when `proof` puts the leaf hashed to `leafHash` at `index` of the tree (`size`, `root`). */
  verifyInclusion(
    leafHash: Uint8Array,
    index: number,
    size: number,
    proof: readonly Uint8Array[],
    root: Uint8Array,
  ): boolean;
  /** As `verifyInclusion`, for a raw entry, which it hashes first. */
  verifyLeafInclusion(
    leaf: Uint8Array,
    index: number,
    size: number,
    proof: readonly Uint8Array[],
    root: Uint8Array,
  ): boolean;
  /** True when `proof` shows tree (`size1`, `root1`) is a prefix of tree (`size2`, `root2`). */
  verifyConsistency(
    size1: number,
    size2: number,
    proof: readonly Uint8Array[],
    root1: Uint8Array,
    root2: Uint8Array,
  ): boolean;
  /** An append-only frontier, empty or resumed from a stored `state`. */
  frontier(state?: FrontierState): MerkleFrontier;
}

/**
 * Binds the RFC 6962 tree operations to `hash`, a synchronous hash such as SHA-256. `batch`, the
 * same hash over many messages at once, computes roots level by level (levels.ts).
 */
export function createMerkle(hash: HashFn, batch?: BatchHashFn): Merkle {
  const hasher = createTreeHasher(hash);
  const leafHashesOf = (leaves: readonly Uint8Array[], size: number): Uint8Array[] => {
    // Only the leaves inside the requested tree are hashed; a bad size is left for the builder to
    // report, which it does because the hashed list is then too short.
    const inside = leaves.slice(0, isCount(size) ? size : 0);
    return batch ? leafHashesByBatch(hasher, batch, inside) : inside.map((l) => hasher.leafHash(l));
  };
  const root = (leafHashes: readonly Uint8Array[], size = leafHashes.length): Uint8Array => {
    if (!batch || !isCount(size) || size < 2 || size > leafHashes.length) {
      return rootOfLeafHashes(hasher, leafHashes, size);
    }
    return rootByLevels(
      hasher,
      batch,
      size === leafHashes.length ? leafHashes : leafHashes.slice(0, size),
    );
  };
  const sizeOf = (leaves: readonly Uint8Array[], size: number | undefined): number =>
    size ?? leaves.length;
  return {
    hasher,
    leafHash: (entry) => hasher.leafHash(entry),
    merkleRoot: (leaves) => root(leafHashesOf(leaves, leaves.length)),
    rootOfLeafHashes: (leafHashes, size) => root(leafHashes, size),
    inclusionProof: (leaves, index, size) => {
      const n = sizeOf(leaves, size);
      return inclusionProofOfLeafHashes(hasher, leafHashesOf(leaves, n), index, n);
    },
    inclusionProofOfLeafHashes: (leafHashes, index, size) =>
      inclusionProofOfLeafHashes(hasher, leafHashes, index, size),
    consistencyProof: (leaves, size1, size2) => {
      const n = sizeOf(leaves, size2);
      return consistencyProofOfLeafHashes(hasher, leafHashesOf(leaves, n), size1, n);
    },
    consistencyProofOfLeafHashes: (leafHashes, size1, size2) =>
      consistencyProofOfLeafHashes(hasher, leafHashes, size1, size2),
    verifyInclusion: (leafHash, index, size, proof, root) =>
      verifyInclusion(hasher, leafHash, index, size, proof, root),
    verifyLeafInclusion: (leaf, index, size, proof, root) =>
      verifyInclusion(hasher, hasher.leafHash(leaf), index, size, proof, root),
    verifyConsistency: (size1, size2, proof, root1, root2) =>
      verifyConsistency(hasher, size1, size2, proof, root1, root2),
    frontier: (state) => new MerkleFrontier(hasher, state),
  };
}
