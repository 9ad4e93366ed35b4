/**
 * Checking RFC 6962 proofs, following the verification algorithms of RFC 9162 §2.1.3.2 and
 * §2.1.4.2. Proofs arrive from peers, so these never throw: anything malformed (a wrong index, an
 * element of the wrong length, one element too many or too few) is simply `false`.
 *
 * A proof authenticates the leaf against the root, not the size: two sizes whose audit paths have
 * the same shape (a leaf in trees of 7 and 8 leaves, say) run the same computation. The size is
 * pinned by whoever signs (size, root) together, as the chain's block headers do.
 */
import { half, isCount, isOdd, isPowerOfTwo } from './bits.ts';
import { bytesEqual, type TreeHasher } from './hasher.ts';

function allOfSize(hasher: TreeHasher, hashes: readonly Uint8Array[]): boolean {
  return hashes.every((h) => h.length === hasher.size);
}

/**
 * True when `proof` shows that the leaf with hash `leafHash` sits at `index` in the tree of `size`
 * leaves whose root is `root` (RFC 9162 §2.1.3.2).
 */
export function verifyInclusion(
  hasher: TreeHasher,
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isCount(index) || !isCount(size) || index >= size) return false;
  if (!allOfSize(hasher, [leafHash, root]) || !allOfSize(hasher, proof)) return false;
  // fn walks the leaf's position up the tree and sn the last leaf's; where they meet, the
  // right edge of a non-perfect tree has no sibling at that level, so levels are skipped.
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = hasher.nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hasher.nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(r, root);
}

/**
 * True when `proof` shows that the tree of `size1` leaves with root `root1` is a prefix of the tree
 * of `size2` leaves with root `root2` (RFC 9162 §2.1.4.2). Equal sizes need an empty proof and
 * equal roots; the empty tree needs an empty proof and `root1` equal to H("").
 */
export function verifyConsistency(
  hasher: TreeHasher,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (!isCount(size1) || !isCount(size2) || size1 > size2) return false;
  if (!allOfSize(hasher, [root1, root2]) || !allOfSize(hasher, proof)) return false;
  if (size1 === size2) return proof.length === 0 && bytesEqual(root1, root2);
  if (size1 === 0) return proof.length === 0 && bytesEqual(root1, hasher.emptyRoot);
  if (proof.length === 0) return false;

  // When the old tree is perfect its root is a node of the new tree and the proof leaves it out;
  // the verifier supplies it as the starting point instead.
  const startsWithRoot1 = isPowerOfTwo(size1);
  const first = startsWithRoot1 ? root1 : proof[0];
  if (first === undefined) return false;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = first;
  let sr = first;
  for (let i = startsWithRoot1 ? 0 : 1; i < proof.length; i++) {
    const c = proof[i];
    if (c === undefined || sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = hasher.nodeHash(c, fr);
      sr = hasher.nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hasher.nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(fr, root1) && bytesEqual(sr, root2);
}
