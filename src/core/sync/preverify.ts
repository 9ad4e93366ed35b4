/**
 * The signatures a sync frame will make the puller verify, so the store worker can check them in
 * one batch through Web Crypto before the session applies the frame synchronously
 * (crypto/web-verify.ts). Only a shortcut: whatever is missed or malformed here is verified, or
 * refused, by the session as before.
 */
import { decodeBlock, decodeHeader, HEADER_BYTES } from '../chain/block-codec.ts';
import { BLOCK_DOMAIN, signedMessage } from '../chain/hashing.ts';
import { SIGNATURE_BYTES } from '../chain/limits.ts';
import { signaturesOf } from '../chain/signatures.ts';
import type { Primitives } from '../crypto/primitives.ts';
import type { Signed } from '../crypto/web-verify.ts';
import { decodeFrame } from './frame.ts';
import { tryDecodeMessage } from './messages.ts';

/** The block and head signatures in a framed `blocks` message; none for anything else. */
export function signaturesInFrame(prims: Primitives, bytes: Uint8Array): Signed[] {
  let message;
  try {
    message = tryDecodeMessage(decodeFrame(bytes).message);
  } catch {
    return [];
  }
  if (message instanceof Error || message.type !== 'blocks') return [];
  const signed: Signed[] = [];
  try {
    if (message.head.length > 0) {
      const head = decodeHeader(prims, message.head);
      const end = HEADER_BYTES - SIGNATURE_BYTES;
      const headMessage = signedMessage(BLOCK_DOMAIN, message.head, end);
      signed.push({ key: head.signerKey, message: headMessage, signature: head.signature });
    }
    for (const block of message.blocks) signed.push(...signaturesOf(decodeBlock(prims, block)));
  } catch {
    // A malformed block: the session refuses it; what was gathered before it is still checked.
  }
  return signed;
}
