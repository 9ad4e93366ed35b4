/**
 * Sealing: turning pending transactions into a signed block on top of a parent. Any authority may
 * seal whenever it has something to record, in turn or not (liveness with one device, or with two
 * that are never online together); fork choice then prefers in-turn blocks.
 */
import type { Primitives } from '../crypto/primitives.ts';
import { KianaError } from '@kiana/shared/errors';
import { weightFor, type Members } from './authority.ts';
import {
  encodeBlock,
  encodeHeader,
  encodeUnsignedHeader,
  type UnsignedHeader,
} from './block-codec.ts';
import { BLOCK_DOMAIN, merkleOf, signedMessage, type Signer } from './hashing.ts';
import { CHAIN_VERSION, HASH_BYTES, MAX_BLOCK_TXS } from './limits.ts';
import type { ParentInfo } from './validate.ts';
import type { Block, BlockHeader, Tx } from './types.ts';

/** What to seal and where. */
export interface SealInput {
  /** The block to build on; null for genesis. */
  readonly parent: ParentInfo | null;
  /** The authority set after the parent (empty for genesis). */
  readonly members: Members;
  /** The sealer's wall clock, ms. Raised to the parent's time if the clock is behind it. */
  readonly now: number;
  /** At least one transaction, at most `MAX_BLOCK_TXS`, in block order. */
  readonly txs: readonly Tx[];
}

/**
 * Builds and signs a block of `input.txs` on `input.parent`. It does not check the transactions'
 * rights: seal what `selectTxs` (tree.ts) approved, or expect `validateBlock` to refuse it.
 */
export function sealBlock(prims: Primitives, signer: Signer, input: SealInput): Block {
  const { parent, txs } = input;
  if (txs.length === 0 || txs.length > MAX_BLOCK_TXS) {
    throw new KianaError('internal', `cannot seal ${txs.length} transactions`);
  }
  const merkle = merkleOf(prims);
  const height = parent === null ? 0 : parent.height + 1;
  const unsigned: UnsignedHeader = {
    version: CHAIN_VERSION,
    height,
    parent: parent?.hash ?? new Uint8Array(HASH_BYTES),
    // A block may not predate its parent; a sealer whose clock lags keeps the parent's time.
    time: Math.max(input.now, parent?.time ?? 0),
    signerKey: signer.key,
    logRoot: parent?.logRootAfter ?? merkle.hasher.emptyRoot,
    weight: weightFor(input.members.rota, height, signer.id),
    txCount: txs.length,
    txRoot: merkle.rootOfLeafHashes(txs.map((tx) => tx.id)),
  };
  const body = encodeUnsignedHeader(unsigned);
  const signature = signer.sign(signedMessage(BLOCK_DOMAIN, body, body.length));
  const header: BlockHeader = { ...unsigned, signer: signer.id, signature };
  const headerBytes = encodeHeader(header);
  return {
    header,
    txs,
    headerBytes,
    hash: prims.sha256(headerBytes),
    bytes: encodeBlock(headerBytes, txs),
  };
}
