/**
 * The signatures `validateBlock` verifies, gathered ahead of it: a caller that can verify many at
 * once off its thread (Web Crypto, see crypto/web-verify.ts) checks them first, and validation,
 * which must stay synchronous, then finds them verified.
 */
import type { Signed } from '../crypto/web-verify.ts';
import { BLOCK_DOMAIN, signedMessage } from './hashing.ts';
import { txSigned } from './tx.ts';
import type { Block } from './types.ts';

/** The block's own signature: its sealer's key over the header before the signature. */
export function blockSigned(block: Block): Signed {
  const h = block.header;
  const message = signedMessage(BLOCK_DOMAIN, block.headerBytes, block.headerBytes.length - 64);
  return { key: h.signerKey, message, signature: h.signature };
}

/**
 * Every signature validation of `block` verifies: the block's, and each transaction's whose
 * author did not seal it (the block signature covers the sealer's own).
 */
export function signaturesOf(block: Block): Signed[] {
  const carried = block.txs.filter((tx) => tx.author !== block.header.signer);
  return [blockSigned(block), ...carried.map(txSigned)];
}
