/**
 * Creating and checking signed transactions. A transaction is signed by the device that made it,
 * so any authority can carry it in a block: that is what lets the next block re-include the
 * transactions of a branch that lost fork choice.
 */
import type { Primitives } from '../crypto/primitives.ts';
import type { Signed } from '../crypto/web-verify.ts';
import { KianaError } from '@kiana/shared/errors';
import type { Hlc } from '../hlc.ts';
import type { MemoryId } from '@kiana/shared/ids';
import { ByteWriter } from './bytes.ts';
import { signedMessage, TX_DOMAIN, type Signer } from './hashing.ts';
import { SIGNATURE_BYTES } from './limits.ts';
import { decodeTx, encodeUnsignedTx } from './tx-codec.ts';
import type { Tx, TxBody } from './types.ts';

/**
 * Signs `body` as `signer` at clock `hlc` and returns the transaction with its canonical bytes and
 * id. Throws `tx-malformed` when the body breaks a format rule (an unknown memory source, a name
 * that is not normalised, …), so nothing unencodable ever reaches a block; `internal` when `hlc`
 * belongs to another device.
 */
export function createTx(prims: Primitives, signer: Signer, hlc: Hlc, body: TxBody): Tx {
  const message = txMessage(signer, hlc, body);
  return withSignature(prims, message, signer.sign(message));
}

/**
 * `createTx` for many bodies at once, signed together with `signer.signMany` when it has one
 * (Web Crypto signs on its own threads; ed25519 is deterministic, so the bytes are the ones
 * `createTx` makes). A malformed body fails the whole batch (`tx-malformed`).
 */
export async function createTxs(
  prims: Primitives,
  signer: Signer,
  items: readonly { readonly hlc: Hlc; readonly body: TxBody }[],
): Promise<Tx[]> {
  const messages = items.map((item) => txMessage(signer, item.hlc, item.body));
  const signatures = signer.signMany
    ? await signer.signMany(messages)
    : messages.map((message) => signer.sign(message));
  return messages.map((message, i) => {
    const signature = signatures[i];
    if (signature === undefined) throw new KianaError('internal', 'a signature is missing');
    return withSignature(prims, message, signature);
  });
}

/** The message a transaction's signature covers: the domain, then its unsigned bytes. */
function txMessage(signer: Signer, hlc: Hlc, body: TxBody): Uint8Array {
  if (hlc.device !== signer.id) {
    throw new KianaError('internal', 'a transaction carries its own device’s clock');
  }
  const unsigned = encodeUnsignedTx(signer.key, hlc, body);
  return signedMessage(TX_DOMAIN, unsigned, unsigned.length);
}

function withSignature(prims: Primitives, message: Uint8Array, signature: Uint8Array): Tx {
  const unsigned = message.subarray(TX_DOMAIN.length);
  const bytes = new ByteWriter(unsigned.length + SIGNATURE_BYTES)
    .raw(unsigned)
    .fixed(signature, SIGNATURE_BYTES)
    .finish();
  // Decoding what we encoded applies every format rule in one place.
  return decodeTx(prims, bytes);
}

/** The transaction's signature as its author made it: key, signed message, signature. */
export function txSigned(tx: Tx): Signed {
  const end = tx.bytes.length - SIGNATURE_BYTES;
  const message = signedMessage(TX_DOMAIN, tx.bytes, end);
  return { key: tx.authorKey, message, signature: tx.signature };
}

/** True when the transaction carries a valid signature by its author. */
export function verifyTxSignature(prims: Primitives, tx: Tx): boolean {
  const { key, message, signature } = txSigned(tx);
  return prims.verify(key, message, signature);
}

/** The memory a transaction touches, or null for device and model transactions. */
export function memoryOf(tx: Tx): MemoryId | null {
  switch (tx.body.kind) {
    case 'memory-put':
    case 'memory-edit':
    case 'memory-delete':
    case 'memory-tag':
      return tx.body.memory;
    default:
      return null;
  }
}

/** The content hashes a transaction refers to (text and tags blobs). */
export function contentHashesOf(tx: Tx): Uint8Array[] {
  switch (tx.body.kind) {
    case 'memory-put':
      return [tx.body.textHash, tx.body.tagsHash];
    case 'memory-edit':
      return [tx.body.textHash];
    case 'memory-tag':
      return [tx.body.tagsHash];
    default:
      return [];
  }
}
