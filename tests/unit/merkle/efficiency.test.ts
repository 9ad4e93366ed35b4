import { describe, expect, it } from 'vitest';
import { createMerkle } from '../../../src/core/merkle/index.ts';
import { sha256 } from './helpers.ts';

/** A merkle bound to SHA-256 that counts how often it hashes. */
function counting() {
  const counter = { calls: 0 };
  const merkle = createMerkle((bytes) => {
    counter.calls += 1;
    return sha256(bytes);
  });
  counter.calls = 0; // the empty root is hashed once at creation
  return { merkle, counter };
}

const leaves = Array.from({ length: 1000 }, (_, i) => new TextEncoder().encode(`entry ${i}`));

describe('Merkle cost', () => {
  it('hashes each of 1,000 leaves and each of 999 nodes exactly once for a root', () => {
    const { merkle, counter } = counting();
    merkle.merkleRoot(leaves);
    expect(counter.calls).toBe(1000 + 999);
  });

  it('builds a proof with no more hashing than the root needs', () => {
    const { merkle, counter } = counting();
    merkle.inclusionProof(leaves, 617);
    expect(counter.calls).toBeLessThanOrEqual(1999);
    counter.calls = 0;
    merkle.consistencyProof(leaves, 617);
    expect(counter.calls).toBeLessThanOrEqual(1999);
  });

  it('verifies a proof with one hash per proof element', () => {
    const { merkle, counter } = counting();
    const root = merkle.merkleRoot(leaves);
    const proof = merkle.inclusionProof(leaves, 617);
    const leafHash = merkle.leafHash(leaves[617] ?? new Uint8Array());
    counter.calls = 0;
    expect(merkle.verifyInclusion(leafHash, 617, 1000, proof, root)).toBe(true);
    expect(counter.calls).toBe(proof.length);
  });

  it('appends 1,000 leaf hashes to a frontier with fewer than 1,000 node hashes', () => {
    const { merkle, counter } = counting();
    const hashes = leaves.map((leaf) => merkle.leafHash(leaf));
    counter.calls = 0;
    const frontier = merkle.frontier();
    for (const hash of hashes) frontier.append(hash);
    // Each merge removes one node: 1000 appends leave 6 nodes, so 994 merges.
    expect(counter.calls).toBe(994);
    frontier.root();
    expect(counter.calls).toBe(994 + 5);
  });

  // How fast a root is, is a bench figure (chain.merkle-root-1k), not a test threshold.
});
