/**
 * The RFC 6962 hashing rules, separated from tree shape. Leaves and interior nodes get different
 * one-byte prefixes (0x00 and 0x01) so a leaf can never be passed off as a node (the second-preimage
 * attack on plain Merkle trees). The hash itself is injected: core must not load libsodium, and the
 * chain hands in whichever synchronous SHA-256 it already has.
 */

/**
 * A synchronous hash function such as SHA-256. It must return a fresh array every call and must
 * not keep a reference to its input: the tree reuses one scratch buffer for node hashes.
 */
export type HashFn = (bytes: Uint8Array) => Uint8Array;

/** The three hashes an RFC 6962 tree is made of, bound to one hash function. */
export interface TreeHasher {
  /** Output length of the hash in bytes; proofs with elements of another length are rejected. */
  readonly size: number;
  /** MTH({}): the hash of the empty string. */
  readonly emptyRoot: Uint8Array;
  /** H(0x00 ‖ entry). */
  leafHash(entry: Uint8Array): Uint8Array;
  /** H(0x01 ‖ left ‖ right); both children must be `size` bytes long. */
  nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array;
}

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/** Binds the RFC 6962 leaf and node rules to `hash`. */
export function createTreeHasher(hash: HashFn): TreeHasher {
  const emptyRoot = hash(new Uint8Array(0));
  const size = emptyRoot.length;
  // A tree of n leaves hashes n - 1 nodes; one reused buffer saves as many allocations.
  const scratch = new Uint8Array(1 + 2 * size);
  scratch[0] = NODE_PREFIX;
  return {
    size,
    emptyRoot,
    leafHash(entry) {
      const input = new Uint8Array(1 + entry.length);
      input[0] = LEAF_PREFIX;
      input.set(entry, 1);
      return hash(input);
    },
    nodeHash(left, right) {
      scratch.set(left, 1);
      scratch.set(right, 1 + size);
      return hash(scratch);
    },
  };
}

/** True when `a` and `b` hold the same bytes. Not constant-time: roots and proofs are public. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}
