/**
 * Sample transactions of every kind and sample blocks, for the codec and validation tests.
 */
import { createTx } from '../../../src/core/chain/tx.ts';
import type { Block, Tx, TxBody } from '../../../src/core/chain/types.ts';
import { TestDevice, memoryId, prims } from './helpers.ts';

const HASH_A = new Uint8Array(32).fill(0xaa);
const HASH_B = new Uint8Array(32).fill(0xbb);

/** One body of each transaction kind. */
export function sampleBodies(other: TestDevice): TxBody[] {
  return [
    {
      kind: 'memory-put',
      memory: memoryId(1),
      source: 'voice',
      textHash: HASH_A,
      tagsHash: HASH_B,
    },
    { kind: 'memory-edit', memory: memoryId(1), textHash: HASH_B },
    { kind: 'memory-delete', memory: memoryId(1) },
    { kind: 'memory-tag', memory: memoryId(2), tagsHash: HASH_A },
    {
      kind: 'device-add',
      signKey: other.keys.signPublicKey,
      boxKey: other.keys.boxPublicKey,
      name: 'Firefox on Android',
    },
    { kind: 'device-remove', signKey: other.keys.signPublicKey },
    { kind: 'model-checkpoint', model: 'embed-small.v1', round: 7, weightsHash: HASH_A },
  ];
}

/** A signed transaction of each kind by `author`. */
export function sampleTxs(author: TestDevice, other: TestDevice): Tx[] {
  return sampleBodies(other).map((body) => createTx(prims, author.signer, author.hlc.tick(), body));
}

/** A device with a genesis and one more block of memory writes; returns both blocks. */
export function sampleChain(): { device: TestDevice; genesis: Block; next: Block } {
  const device = new TestDevice(0);
  const genesis = device.genesis();
  device.wallMs += 10;
  const [next] = device.change({
    kind: 'put',
    id: memoryId(1),
    text: 'buy oat milk',
    tags: ['shopping'],
    source: 'typed',
  });
  if (!next) throw new Error('no block sealed');
  return { device, genesis, next };
}
