import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSha256Batch } from '../../../src/core/crypto/sha256-batch.ts';
import { createMerkle } from '../../../src/core/merkle/index.ts';
import { fromHex, loadVectors, sha256, toHex } from './helpers.ts';

const batch = createSha256Batch() ?? undefined;
const levels = createMerkle(sha256, batch);
const recursive = createMerkle(sha256);

describe('RFC 6962 roots level by level, hashed in batches', () => {
  it('has a batch hasher here', () => {
    expect(batch).toBeDefined();
  });

  it('gives the recursive MTH for every size 0–300 of leaves of varied length', () => {
    const leaves = Array.from({ length: 300 }, (_, i) => new Uint8Array(randomBytes(i % 200)));
    const hashes = leaves.map((l) => recursive.leafHash(l));
    for (let n = 0; n <= 300; n++) {
      const want = toHex(recursive.merkleRoot(leaves.slice(0, n)));
      expect(toHex(levels.merkleRoot(leaves.slice(0, n)))).toBe(want);
      expect(toHex(levels.rootOfLeafHashes(hashes, n))).toBe(want);
    }
  });

  it('gives the reference vectors’ roots', () => {
    const vectors = loadVectors();
    const leaves = vectors.leaves.map(fromHex);
    for (let n = 0; n <= leaves.length; n++) {
      const want = n === 0 ? vectors.emptyTreeRoot : vectors.rootsBySize[String(n)];
      expect(toHex(levels.merkleRoot(leaves.slice(0, n)))).toBe(want);
    }
  });

  it('refuses a size beyond the leaves as the recursive builder does', () => {
    const hashes = [recursive.leafHash(Uint8Array.of(1)), recursive.leafHash(Uint8Array.of(2))];
    expect(() => levels.rootOfLeafHashes(hashes, 3)).toThrow(/no tree of size 3/);
    expect(() => levels.rootOfLeafHashes(hashes, -1)).toThrow(/no tree of size/);
  });
});
