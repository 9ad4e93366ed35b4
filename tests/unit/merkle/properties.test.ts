import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createMerkle } from '../../../src/core/merkle/index.ts';
import { flipBit, naiveConsistency, naivePath, naiveRoot, sha256, toHex } from './helpers.ts';

const merkle = createMerkle(sha256);
const RUNS = 200;

const entries = (minLength: number) =>
  fc.array(fc.uint8Array({ maxLength: 24 }), { minLength, maxLength: 90 });

/** A non-empty tree and one of its leaf indices. */
const treeAndIndex = entries(1).chain((leaves) =>
  fc.record({ leaves: fc.constant(leaves), index: fc.nat(leaves.length - 1) }),
);

/** A tree and two sizes 0 ≤ size1 ≤ size2 ≤ its size. */
const treeAndSizes = entries(0).chain((leaves) =>
  fc
    .tuple(fc.nat(leaves.length), fc.nat(leaves.length))
    .map(([a, b]) => ({ leaves, size1: Math.min(a, b), size2: Math.max(a, b) })),
);

describe('Merkle properties', () => {
  it('agree with a literal transcription of the RFC 6962 definitions', () => {
    fc.assert(
      fc.property(treeAndIndex, ({ leaves, index }) => {
        expect(toHex(merkle.merkleRoot(leaves))).toBe(toHex(naiveRoot(leaves)));
        const proof = merkle.inclusionProof(leaves, index);
        expect(proof.map(toHex)).toEqual(naivePath(index, leaves).map(toHex));
      }),
      { numRuns: RUNS },
    );
  });

  it('verify every inclusion proof of a random tree', () => {
    fc.assert(
      fc.property(treeAndIndex, ({ leaves, index }) => {
        const root = merkle.merkleRoot(leaves);
        const proof = merkle.inclusionProof(leaves, index);
        const leaf = leaves[index] ?? new Uint8Array();
        expect(merkle.verifyLeafInclusion(leaf, index, leaves.length, proof, root)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('reject an inclusion proof after any single bit of the proof, leaf hash or root flips', () => {
    fc.assert(
      fc.property(treeAndIndex, fc.nat(), fc.nat(255), ({ leaves, index }, pick, bit) => {
        const root = merkle.merkleRoot(leaves);
        const proof = merkle.inclusionProof(leaves, index);
        const leafHash = merkle.leafHash(leaves[index] ?? new Uint8Array());
        // One list of every hash the verifier reads; flip one bit in one of them.
        const parts = [leafHash, root, ...proof];
        const target = pick % parts.length;
        const flipped = parts.map((p, i) => (i === target ? flipBit(p, bit) : p));
        const [badLeaf = leafHash, badRoot = root, ...badProof] = flipped;
        expect(merkle.verifyInclusion(badLeaf, index, leaves.length, badProof, badRoot)).toBe(
          false,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('build consistency proofs for random size pairs that match the RFC and verify', () => {
    fc.assert(
      fc.property(treeAndSizes, ({ leaves, size1, size2 }) => {
        const proof = merkle.consistencyProof(leaves, size1, size2);
        expect(proof.map(toHex)).toEqual(
          naiveConsistency(size1, leaves.slice(0, size2)).map(toHex),
        );
        const root1 = merkle.merkleRoot(leaves.slice(0, size1));
        const root2 = merkle.merkleRoot(leaves.slice(0, size2));
        expect(merkle.verifyConsistency(size1, size2, proof, root1, root2)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('reject a consistency proof after any single bit of the proof or a root flips', () => {
    fc.assert(
      fc.property(treeAndSizes, fc.nat(), fc.nat(255), ({ leaves, size1, size2 }, pick, bit) => {
        const proof = merkle.consistencyProof(leaves, size1, size2);
        const root1 = merkle.merkleRoot(leaves.slice(0, size1));
        const root2 = merkle.merkleRoot(leaves.slice(0, size2));
        const parts = [root1, root2, ...proof];
        // Every tree extends the empty tree, so from size 0 on root2 is not constrained at all.
        const target = size1 === 0 ? 0 : pick % parts.length;
        const flipped = parts.map((p, i) => (i === target ? flipBit(p, bit) : p));
        const [bad1 = root1, bad2 = root2, ...badProof] = flipped;
        expect(merkle.verifyConsistency(size1, size2, badProof, bad1, bad2)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('reject a consistency proof presented for the wrong pair of trees', () => {
    fc.assert(
      fc.property(treeAndSizes, ({ leaves, size1, size2 }) => {
        fc.pre(size1 > 0 && size1 < size2);
        const proof = merkle.consistencyProof(leaves, size1, size2);
        const root1 = merkle.merkleRoot(leaves.slice(0, size1));
        const root2 = merkle.merkleRoot(leaves.slice(0, size2));
        expect(merkle.verifyConsistency(size1, size2, proof, root2, root1)).toBe(false);
        expect(merkle.verifyConsistency(size1, size2, [], root1, root2)).toBe(false);
        expect(merkle.verifyConsistency(size2, size1, proof, root2, root1)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('grow a frontier whose root equals merkleRoot after every append', () => {
    fc.assert(
      fc.property(entries(0), (leaves) => {
        const frontier = merkle.frontier();
        leaves.forEach((leaf, i) => {
          frontier.append(merkle.leafHash(leaf));
          expect(frontier.size).toBe(i + 1);
          expect(toHex(frontier.root())).toBe(toHex(merkle.merkleRoot(leaves.slice(0, i + 1))));
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('resume a stored frontier and reach the same root as one that never stopped', () => {
    fc.assert(
      fc.property(
        entries(0).chain((leaves) => fc.tuple(fc.constant(leaves), fc.nat(leaves.length))),
        ([leaves, stopAt]) => {
          const first = merkle.frontier();
          for (const leaf of leaves.slice(0, stopAt)) first.append(merkle.leafHash(leaf));
          const resumed = merkle.frontier(first.state());
          for (const leaf of leaves.slice(stopAt)) resumed.append(merkle.leafHash(leaf));
          expect(resumed.size).toBe(leaves.length);
          expect(toHex(resumed.root())).toBe(toHex(merkle.merkleRoot(leaves)));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
