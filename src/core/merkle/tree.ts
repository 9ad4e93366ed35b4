/**
 * Building RFC 6962 roots and proofs (§2.1, the MTH, PATH and PROOF definitions) from leaf hashes.
 * Every function walks index ranges `[lo, hi)` of one array instead of slicing it, so a proof costs
 * about one hash per leaf and no copies. Callers that hold raw entries hash them once with
 * `TreeHasher.leafHash` first.
 */
import { KianaError } from '@kiana/shared/errors';
import { isCount, splitPoint } from './bits.ts';
import type { TreeHasher } from './hasher.ts';

/** An audit path or consistency proof: sibling hashes, deepest first, as RFC 6962 orders them. */
export type Proof = Uint8Array[];

function leafAt(leafHashes: readonly Uint8Array[], i: number): Uint8Array {
  const leaf = leafHashes[i];
  if (leaf === undefined) throw new KianaError('internal', `no leaf hash at ${i}`);
  return leaf;
}

/** MTH(D[lo:hi]) over leaf hashes: H("") when empty, the leaf hash itself for one leaf. */
function subtreeRoot(
  hasher: TreeHasher,
  leafHashes: readonly Uint8Array[],
  lo: number,
  hi: number,
): Uint8Array {
  const n = hi - lo;
  if (n === 0) return hasher.emptyRoot;
  if (n === 1) return leafAt(leafHashes, lo);
  const k = splitPoint(n);
  return hasher.nodeHash(
    subtreeRoot(hasher, leafHashes, lo, lo + k),
    subtreeRoot(hasher, leafHashes, lo + k, hi),
  );
}

/** Throws `not-found` unless `size` is a tree we hold all leaves of. */
function checkSize(leafHashes: readonly Uint8Array[], size: number): void {
  if (!isCount(size) || size > leafHashes.length) {
    throw new KianaError('not-found', `no tree of size ${size} among ${leafHashes.length} leaves`);
  }
}

/**
 * The root of the tree made of the first `size` leaf hashes (all of them by default).
 * Throws `not-found` when `size` exceeds the leaves given.
 */
export function rootOfLeafHashes(
  hasher: TreeHasher,
  leafHashes: readonly Uint8Array[],
  size: number = leafHashes.length,
): Uint8Array {
  checkSize(leafHashes, size);
  return subtreeRoot(hasher, leafHashes, 0, size);
}

/**
 * The audit path proving leaf `index` is in the tree of the first `size` leaves (RFC 6962
 * §2.1.1). Throws `not-found` unless `0 ≤ index < size ≤ leafHashes.length`.
 */
export function inclusionProofOfLeafHashes(
  hasher: TreeHasher,
  leafHashes: readonly Uint8Array[],
  index: number,
  size: number = leafHashes.length,
): Proof {
  checkSize(leafHashes, size);
  if (!isCount(index) || index >= size) {
    throw new KianaError('not-found', `no leaf ${index} in a tree of size ${size}`);
  }
  const proof: Proof = [];
  // Descend towards the leaf, collecting the sibling subtree at each level; the deepest sibling
  // must come first, so the collected list is reversed once at the end.
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      proof.push(subtreeRoot(hasher, leafHashes, lo + k, hi));
      hi = lo + k;
    } else {
      proof.push(subtreeRoot(hasher, leafHashes, lo, lo + k));
      lo += k;
    }
  }
  return proof.reverse();
}

/**
 * The proof that the tree of the first `size1` leaves is a prefix of the tree of the first `size2`
 * (RFC 6962 §2.1.2). Empty when `size1` is 0 or equals `size2`, as RFC 6962 defines it.
 * Throws `not-found` unless `0 ≤ size1 ≤ size2 ≤ leafHashes.length`.
 */
export function consistencyProofOfLeafHashes(
  hasher: TreeHasher,
  leafHashes: readonly Uint8Array[],
  size1: number,
  size2: number = leafHashes.length,
): Proof {
  checkSize(leafHashes, size2);
  if (!isCount(size1) || size1 > size2) {
    throw new KianaError('not-found', `size ${size1} is not a prefix of size ${size2}`);
  }
  const proof: Proof = [];
  if (size1 === 0 || size1 === size2) return proof;
  // SUBPROOF(m, D[lo:hi], b) unrolled: `complete` is the RFC's b, true while the old tree is the
  // left edge of the current subtree, in which case its root is known to the verifier already.
  let m = size1;
  let lo = 0;
  let hi = size2;
  let complete = true;
  while (m !== hi - lo) {
    const k = splitPoint(hi - lo);
    if (m <= k) {
      proof.push(subtreeRoot(hasher, leafHashes, lo + k, hi));
      hi = lo + k;
    } else {
      proof.push(subtreeRoot(hasher, leafHashes, lo, lo + k));
      m -= k;
      lo += k;
      complete = false;
    }
  }
  if (!complete) proof.push(subtreeRoot(hasher, leafHashes, lo, hi));
  return proof.reverse();
}
