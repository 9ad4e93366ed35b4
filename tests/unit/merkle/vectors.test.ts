import { describe, expect, it } from 'vitest';
import { createMerkle } from '../../../src/core/merkle/index.ts';
import { fromHex, loadVectors, sha256, toHex } from './helpers.ts';
import { consistencyProbes, inclusionProbes } from './probes.ts';

const vectors = loadVectors();
const merkle = createMerkle(sha256);
const leaves = vectors.leaves.map(fromHex);
const rootOf = (size: number): Uint8Array => {
  const hex = size === 0 ? vectors.emptyTreeRoot : vectors.rootsBySize[String(size)];
  if (hex === undefined) throw new Error(`the vectors have no root for size ${size}`);
  return fromHex(hex);
};
const leafHash = (index: number): Uint8Array => merkle.leafHash(leaves[index] ?? new Uint8Array());

describe('RFC 6962 reference vectors', () => {
  it('read a vector file that describes its corruption probes', () => {
    expect(leaves).toHaveLength(8);
    expect(vectors.inclusion.length).toBeGreaterThan(0);
    expect(vectors.consistency.length).toBeGreaterThan(0);
    expect(vectors.corruptProbes).toMatch(/flipped bit/);
  });

  it('hash the empty tree to SHA-256 of the empty string', () => {
    expect(toHex(merkle.merkleRoot([]))).toBe(vectors.emptyTreeRoot);
    expect(toHex(merkle.frontier().root())).toBe(vectors.emptyTreeRoot);
  });

  for (const [size, root] of Object.entries(vectors.rootsBySize)) {
    it(`give the published root for the first ${size} leaves`, () => {
      const n = Number(size);
      expect(toHex(merkle.merkleRoot(leaves.slice(0, n)))).toBe(root);
      expect(
        toHex(
          merkle.rootOfLeafHashes(
            leaves.map((l) => merkle.leafHash(l)),
            n,
          ),
        ),
      ).toBe(root);
    });
  }

  describe.each(vectors.inclusion)(
    'inclusion of leaf $leafIndex in a tree of $treeSize',
    ({ leafIndex, treeSize, proof: proofHex }) => {
      const proof = proofHex.map(fromHex);
      const root = rootOf(treeSize);
      const good = { leafHash: leafHash(leafIndex), index: leafIndex, size: treeSize, proof, root };

      it('is built exactly as published', () => {
        const built = merkle.inclusionProof(leaves, leafIndex, treeSize);
        expect(built.map(toHex)).toEqual(proofHex);
      });

      it('verifies from the leaf hash and from the raw leaf', () => {
        expect(merkle.verifyInclusion(good.leafHash, leafIndex, treeSize, proof, root)).toBe(true);
        const leaf = leaves[leafIndex] ?? new Uint8Array();
        expect(merkle.verifyLeafInclusion(leaf, leafIndex, treeSize, proof, root)).toBe(true);
      });

      it('is rejected after every corruption the vectors describe', () => {
        const wrongLeaf = leafHash((leafIndex + 1) % leaves.length);
        const probes = inclusionProbes(good, wrongLeaf);
        expect(probes.length).toBeGreaterThan(proof.length * 256);
        const accepted = probes
          .filter(({ value: v }) =>
            merkle.verifyInclusion(v.leafHash, v.index, v.size, v.proof, v.root),
          )
          .map((p) => p.name);
        expect(accepted).toEqual([]);
      });
    },
  );

  describe.each(vectors.consistency)(
    'consistency of size $size1 with size $size2',
    ({ size1, size2, proof: proofHex }) => {
      const proof = proofHex.map(fromHex);
      const good = { size1, size2, proof, root1: rootOf(size1), root2: rootOf(size2) };

      it('is built exactly as published', () => {
        expect(merkle.consistencyProof(leaves, size1, size2).map(toHex)).toEqual(proofHex);
      });

      it('verifies', () => {
        expect(merkle.verifyConsistency(size1, size2, proof, good.root1, good.root2)).toBe(true);
      });

      it('is rejected after every corruption the vectors describe', () => {
        const probes = consistencyProbes(good);
        expect(probes.length).toBeGreaterThan(proof.length * 256);
        const accepted = probes
          .filter(({ value: v }) =>
            merkle.verifyConsistency(v.size1, v.size2, v.proof, v.root1, v.root2),
          )
          .map((p) => p.name);
        expect(accepted).toEqual([]);
      });
    },
  );

  it('verify every inclusion proof of every leaf of every published tree', () => {
    for (let size = 1; size <= leaves.length; size++) {
      for (let index = 0; index < size; index++) {
        const proof = merkle.inclusionProof(leaves, index, size);
        expect(merkle.verifyInclusion(leafHash(index), index, size, proof, rootOf(size))).toBe(
          true,
        );
      }
    }
  });

  it('verify every consistency proof between published trees', () => {
    for (let size2 = 0; size2 <= leaves.length; size2++) {
      for (let size1 = 0; size1 <= size2; size1++) {
        const proof = merkle.consistencyProof(leaves, size1, size2);
        const ok = merkle.verifyConsistency(size1, size2, proof, rootOf(size1), rootOf(size2));
        expect(ok, `${size1} → ${size2}`).toBe(true);
      }
    }
  });
});
