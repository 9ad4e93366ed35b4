/**
 * Building blocks that break one rule each, properly signed unless the test is about the
 * signature, so every rejection test isolates the rule it names.
 */
import {
  decodeBlock,
  encodeBlock,
  encodeHeader,
  encodeUnsignedHeader,
  type UnsignedHeader,
} from '../../../src/core/chain/block-codec.ts';
import {
  BLOCK_DOMAIN,
  merkleOf,
  signedMessage,
  type Signer,
} from '../../../src/core/chain/hashing.ts';
import type { Block, Tx } from '../../../src/core/chain/types.ts';
import type { DeviceId } from '@kiana/shared/ids';
import { weightFor } from '../../../src/core/chain/authority.ts';
import { prims } from './helpers.ts';

/** What a forged block may change from an honest one on `parent`. */
export interface Forgery {
  readonly txs: readonly Tx[];
  readonly time: number;
  readonly header?: Partial<UnsignedHeader>;
  /** Signs with this signer instead of the one whose key is in the header. */
  readonly signWith?: Signer;
}

/** What a forged block needs of its parent (a tree `Entry` has it). */
export interface ForgeParent {
  readonly hash: Uint8Array;
  readonly height: number;
  readonly logRootAfter: Uint8Array;
  readonly members: { readonly rota: readonly DeviceId[] };
}

/** A block on `parent` by `signer` with `forgery`'s changes, signed and decoded from bytes. */
export function forgeBlock(signer: Signer, parent: ForgeParent, forgery: Forgery): Block {
  const height = parent.height + 1;
  const unsigned: UnsignedHeader = {
    version: 1,
    height,
    parent: parent.hash,
    time: forgery.time,
    signerKey: signer.key,
    logRoot: parent.logRootAfter,
    weight: weightFor(parent.members.rota, height, signer.id),
    txCount: forgery.txs.length,
    txRoot: merkleOf(prims).rootOfLeafHashes(forgery.txs.map((t) => t.id)),
    ...forgery.header,
  };
  const body = encodeUnsignedHeader(unsigned);
  const signature = (forgery.signWith ?? signer).sign(
    signedMessage(BLOCK_DOMAIN, body, body.length),
  );
  const headerBytes = encodeHeader({ ...unsigned, signer: signer.id, signature });
  return decodeBlock(prims, encodeBlock(headerBytes, forgery.txs));
}
