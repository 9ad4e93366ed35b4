import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BlockLog } from '../../../src/core/chain/block-log.ts';
import { merkleOf } from '../../../src/core/chain/hashing.ts';
import { prims } from './helpers.ts';

const merkle = merkleOf(prims);
const leaf = (n: number) => merkle.leafHash(new Uint8Array([n & 255, n >> 8]));

describe('block log', () => {
  it('gives the same consistency proofs as the uncached RFC 6962 builder, across reorgs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ grow: fc.nat(300), cut: fc.nat(300) }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.nat(),
        fc.nat(),
        (steps, x, y) => {
          const log = new BlockLog(merkle.hasher);
          let leaves: Uint8Array[] = [];
          let next = 0;
          for (const { grow, cut } of steps) {
            // A reorg drops a suffix; then new (different) leaves follow.
            const keep = Math.max(0, leaves.length - cut);
            log.truncate(keep);
            leaves = leaves.slice(0, keep);
            for (let i = 0; i < grow; i++) {
              const l = leaf(next++);
              leaves.push(l);
              log.push(l);
            }
            const size2 = leaves.length === 0 ? 0 : y % (leaves.length + 1);
            const size1 = size2 === 0 ? 0 : x % (size2 + 1);
            expect(log.consistencyProof(size1, size2)).toEqual(
              merkle.consistencyProofOfLeafHashes(leaves, size1, size2),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses sizes it does not hold', () => {
    const log = new BlockLog(merkle.hasher);
    log.push(leaf(1));
    expect(() => log.consistencyProof(1, 2)).toThrow(/no proof/);
  });
});
