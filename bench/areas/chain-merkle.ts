/**
 * The chain area's Merkle rows in Node (bench/pages/merkle-samples.ts measures; the Chromium
 * rows come from chain-web.ts).
 */
import { prims } from '../../tests/unit/chain/helpers.ts';
import type { Area } from '../figure.ts';
import { merkleRows, merkleSamples } from '../pages/merkle-samples.ts';

/** The chain area's Merkle part (`KIANA_BENCH_PARTS=chain-merkle`). */
export const chainMerkleArea: Area = {
  name: 'chain',
  part: 'chain-merkle',
  run: () => Promise.resolve(merkleRows(merkleSamples(prims, 60), 'node').map((r) => ({ ...r }))),
};
