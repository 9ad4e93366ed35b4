/**
 * The canonical encoding of blocks (docs/PROTOCOL.md, "Block encoding"):
 *
 *     header = u8 version ‖ u32 height ‖ parent[32] ‖ u48 time ‖ signerKey[32] ‖ logRoot[32]
 *              ‖ u8 weight ‖ u16 txCount ‖ txRoot[32] ‖ signature[64]          (206 bytes)
 *     block  = header ‖ txCount × (u16 length ‖ transaction)
 *
 * Decoders check shape and sizes only and throw `block-malformed` (or `block-oversized`), never
 * anything else; the rules that need context are in validate.ts.
 */
import type { Primitives } from '../crypto/primitives.ts';
import { KianaError } from '@kiana/shared/errors';
import { ByteReader, ByteWriter } from './bytes.ts';
import {
  CHAIN_VERSION,
  HASH_BYTES,
  KEY_BYTES,
  MAX_BLOCK_BYTES,
  MAX_BLOCK_TXS,
  MAX_TX_BYTES,
  SIGNATURE_BYTES,
} from './limits.ts';
import { decodeTx } from './tx-codec.ts';
import type { Block, BlockHeader, Tx } from './types.ts';

/** Bytes of an encoded header. */
export const HEADER_BYTES = 1 + 4 + 32 + 6 + 32 + 32 + 1 + 2 + 32 + 64;

/** The header fields a sealer chooses; the signature and the derived id come later. */
export type UnsignedHeader = Omit<BlockHeader, 'signature' | 'signer'>;

/** The header without its signature: what the sealer signs (after the domain tag). */
export function encodeUnsignedHeader(h: UnsignedHeader): Uint8Array {
  const w = new ByteWriter(HEADER_BYTES);
  writeUnsigned(w, h);
  return w.finish();
}

function writeUnsigned(w: ByteWriter, h: UnsignedHeader): void {
  w.u8(h.version).u32(h.height).fixed(h.parent, HASH_BYTES).u48(h.time);
  w.fixed(h.signerKey, KEY_BYTES).fixed(h.logRoot, HASH_BYTES).u8(h.weight);
  w.u16(h.txCount).fixed(h.txRoot, HASH_BYTES);
}

/** The full header, signature included. */
export function encodeHeader(h: BlockHeader): Uint8Array {
  const w = new ByteWriter(HEADER_BYTES);
  writeUnsigned(w, h);
  w.fixed(h.signature, SIGNATURE_BYTES);
  return w.finish();
}

/** A block's wire form from its header bytes and transactions. */
export function encodeBlock(headerBytes: Uint8Array, txs: readonly Tx[]): Uint8Array {
  const w = new ByteWriter(headerBytes.length + txs.reduce((n, tx) => n + 2 + tx.bytes.length, 0));
  w.raw(headerBytes);
  for (const tx of txs) w.u16(tx.bytes.length).raw(tx.bytes);
  return w.finish();
}

function readHeader(prims: Primitives, r: ByteReader): BlockHeader {
  const version = r.u8();
  if (version !== CHAIN_VERSION) r.fail('unknown block version');
  const height = r.u32();
  const parent = r.fixed(HASH_BYTES);
  const time = r.u48();
  const signerKey = r.fixed(KEY_BYTES);
  const logRoot = r.fixed(HASH_BYTES);
  const weight = r.u8();
  const txCount = r.u16();
  if (txCount === 0) r.fail('a block carries at least one transaction');
  if (txCount > MAX_BLOCK_TXS) r.fail(`${txCount} transactions`);
  const txRoot = r.fixed(HASH_BYTES);
  const signature = r.fixed(SIGNATURE_BYTES);
  const signer = prims.deviceIdOf(signerKey);
  return {
    version,
    height,
    parent,
    time,
    signerKey,
    signer,
    logRoot,
    weight,
    txCount,
    txRoot,
    signature,
  };
}

/** Decodes a lone header (a peer's head in sync). Throws `block-malformed`. */
export function decodeHeader(prims: Primitives, bytes: Uint8Array): BlockHeader {
  const r = new ByteReader(bytes, 'block-malformed');
  const header = readHeader(prims, r);
  r.end();
  return header;
}

/**
 * Decodes a block and its transactions and computes its hash. Throws `block-oversized` beyond
 * `MAX_BLOCK_BYTES` and `block-malformed` for anything else wrong, including a malformed
 * transaction inside.
 */
export function decodeBlock(prims: Primitives, bytes: Uint8Array): Block {
  if (bytes.length > MAX_BLOCK_BYTES) {
    throw new KianaError('block-oversized', `block of ${bytes.length} bytes`);
  }
  const r = new ByteReader(bytes, 'block-malformed');
  const header = readHeader(prims, r);
  const headerBytes = bytes.slice(0, r.offset);
  const txs: Tx[] = [];
  for (let i = 0; i < header.txCount; i++) {
    const length = r.u16();
    if (length > MAX_TX_BYTES) r.fail(`transaction ${i} of ${length} bytes`);
    const txBytes = r.fixed(length);
    try {
      txs.push(decodeTx(prims, txBytes));
    } catch (error) {
      const why = error instanceof KianaError ? error.message : 'undecodable';
      r.fail(`transaction ${i}: ${why}`);
    }
  }
  r.end();
  return { header, txs, headerBytes, hash: prims.sha256(headerBytes), bytes };
}

/** Like `decodeBlock`, but answers the `KianaError` instead of throwing it. */
export function tryDecodeBlock(prims: Primitives, bytes: Uint8Array): Block | KianaError {
  try {
    return decodeBlock(prims, bytes);
  } catch (error) {
    return error instanceof KianaError ? error : new KianaError('block-malformed', String(error));
  }
}
