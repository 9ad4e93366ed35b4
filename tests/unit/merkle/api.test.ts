import { describe, expect, it } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import { createMerkle } from '../../../src/core/merkle/index.ts';
import { half, isPowerOfTwo, popCount, splitPoint } from '../../../src/core/merkle/bits.ts';
import { sha256, toHex } from './helpers.ts';

const merkle = createMerkle(sha256);
const leaves = [1, 2, 3, 4, 5].map((n) => new Uint8Array([n]));

function expectNotFound(build: () => unknown): void {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(KianaError);
    expect((error as KianaError).code).toBe('not-found');
    return;
  }
  throw new Error('expected a not-found error');
}

/** Roots of perfect trees whose leaves are all `leafHash`: r[k] has 2^k leaves. */
function perfectRoots(leafHash: Uint8Array, levels: number): Uint8Array[] {
  const roots = [leafHash];
  for (let k = 1; k <= levels; k++) {
    const below = roots[k - 1] ?? leafHash;
    roots.push(merkle.hasher.nodeHash(below, below));
  }
  return roots;
}

describe('Merkle builders', () => {
  it('refuse a leaf index outside the tree', () => {
    expectNotFound(() => merkle.inclusionProof(leaves, 5));
    expectNotFound(() => merkle.inclusionProof(leaves, -1));
    expectNotFound(() => merkle.inclusionProof(leaves, 1.5));
    expectNotFound(() => merkle.inclusionProof(leaves, 3, 3));
    expectNotFound(() => merkle.inclusionProof([], 0));
  });

  it('refuse a tree larger than the leaves given', () => {
    expectNotFound(() => merkle.inclusionProof(leaves, 0, 6));
    expectNotFound(() => merkle.rootOfLeafHashes([], 1));
    expectNotFound(() => merkle.consistencyProof(leaves, 2, 6));
  });

  it('refuse a consistency proof from a larger tree to a smaller one', () => {
    expectNotFound(() => merkle.consistencyProof(leaves, 4, 3));
    expectNotFound(() => merkle.consistencyProof(leaves, -1));
  });

  it('give an empty consistency proof from the empty tree and between equal trees', () => {
    expect(merkle.consistencyProof(leaves, 0)).toEqual([]);
    expect(merkle.consistencyProof(leaves, 5)).toEqual([]);
    const root = merkle.merkleRoot(leaves);
    expect(merkle.verifyConsistency(5, 5, [], root, root)).toBe(true);
    expect(merkle.verifyConsistency(0, 5, [], merkle.hasher.emptyRoot, root)).toBe(true);
    expect(merkle.verifyConsistency(0, 5, [], root, root)).toBe(false);
  });

  it('give the leaf hash itself as the root of a one-leaf tree', () => {
    const one = leaves.slice(0, 1);
    expect(toHex(merkle.merkleRoot(one))).toBe(
      toHex(merkle.leafHash(leaves[0] ?? new Uint8Array())),
    );
    expect(merkle.inclusionProof(one, 0)).toEqual([]);
  });
});

describe('Merkle verifiers', () => {
  it('never throw on malformed input', () => {
    const root = merkle.merkleRoot(leaves);
    const odd = [new Uint8Array(0), new Uint8Array(7), new Uint8Array(64)];
    for (const bad of odd) {
      expect(merkle.verifyInclusion(bad, 0, 5, [bad], root)).toBe(false);
      expect(merkle.verifyConsistency(2, 5, [bad], bad, root)).toBe(false);
    }
    for (const n of [Number.NaN, Infinity, -1, 0.5, 2 ** 53]) {
      expect(merkle.verifyInclusion(root, n, 5, [], root)).toBe(false);
      expect(merkle.verifyConsistency(n, 5, [root], root, root)).toBe(false);
      expect(merkle.verifyConsistency(2, n, [root], root, root)).toBe(false);
    }
  });

  it('handle leaf indices and tree sizes beyond 32 bits', () => {
    // A tree of identical leaves has identical perfect subtrees, so its proofs are known without
    // building it: this checks the verifier's arithmetic up to 2^41 leaves.
    const leaf = merkle.leafHash(new Uint8Array([7]));
    const r = perfectRoots(leaf, 40);
    const [r33, r40] = [r[33], r[40]];
    if (r33 === undefined || r40 === undefined) throw new Error('missing subtree root');

    const size = 2 ** 40 + 2 ** 33;
    const root = merkle.hasher.nodeHash(r40, r33);
    const inLeft = [...r.slice(0, 40), r33];
    const inRight = [...r.slice(0, 33), r40];
    expect(merkle.verifyInclusion(leaf, 2 ** 40 - 12_345, size, inLeft, root)).toBe(true);
    expect(merkle.verifyInclusion(leaf, 2 ** 40 + 7, size, inRight, root)).toBe(true);
    expect(merkle.verifyInclusion(leaf, 2 ** 40 + 7, size, inLeft, root)).toBe(false);
    expect(merkle.verifyConsistency(2 ** 40, size, [r33], r40, root)).toBe(true);
    expect(
      merkle.verifyConsistency(2 ** 40, 2 ** 41, [r40], r40, merkle.hasher.nodeHash(r40, r40)),
    ).toBe(true);
  });
});

describe('Merkle size arithmetic', () => {
  it('splits at the largest power of two strictly below the size', () => {
    expect([2, 3, 4, 5, 8, 9, 1000].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 8, 512]);
    expect(splitPoint(2 ** 32)).toBe(2 ** 31);
    expect(splitPoint(2 ** 32 + 1)).toBe(2 ** 32);
    expect(splitPoint(2 ** 45 + 3)).toBe(2 ** 45);
  });

  it('counts bits and halves beyond 32 bits without wrapping', () => {
    expect(popCount(2 ** 40 + 2 ** 33 + 1)).toBe(3);
    expect(half(2 ** 40 + 1)).toBe(2 ** 39);
    expect(isPowerOfTwo(2 ** 50)).toBe(true);
    expect(isPowerOfTwo(2 ** 50 + 2)).toBe(false);
    expect(isPowerOfTwo(0)).toBe(false);
  });
});
