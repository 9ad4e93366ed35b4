/**
 * Transactions and blocks as values. Values with `bytes` and `id`/`hash` come only from the
 * encoders and decoders of this folder (`createTx`, `decodeTx`, `sealBlock`, `decodeBlock`), which
 * keep the decoded fields and the canonical bytes consistent; validation hashes the bytes and
 * checks the rules on the fields.
 */
import type { Hlc } from '../hlc.ts';
import type { DeviceId, MemoryId } from '@kiana/shared/ids';
import type { MemorySource } from '../memory/types.ts';

/** Every transaction kind, in wire order (the kind byte is the index plus one). */
export const TX_KINDS = [
  'memory-put',
  'memory-edit',
  'memory-delete',
  'memory-tag',
  'device-add',
  'device-remove',
  'model-checkpoint',
] as const;
/** The name of a transaction kind. */
export type TxKind = (typeof TX_KINDS)[number];

/**
 * Memory transactions carry hashes of content blobs (content.ts), never the text: the blob travels
 * beside the chain and can be erased while the chain stays intact.
 */
export interface MemoryPut {
  readonly kind: 'memory-put';
  readonly memory: MemoryId;
  readonly source: MemorySource;
  /** SHA-256 of the text blob. */
  readonly textHash: Uint8Array;
  /** SHA-256 of the tags blob. */
  readonly tagsHash: Uint8Array;
}

/** Replaces a memory's text. */
export interface MemoryEdit {
  readonly kind: 'memory-edit';
  readonly memory: MemoryId;
  readonly textHash: Uint8Array;
}

/** Deletes a memory: its blobs are erased everywhere; the chain keeps this tombstone. */
export interface MemoryDelete {
  readonly kind: 'memory-delete';
  readonly memory: MemoryId;
}

/** Replaces a memory's tags. */
export interface MemoryTag {
  readonly kind: 'memory-tag';
  readonly memory: MemoryId;
  readonly tagsHash: Uint8Array;
}

/** Makes a paired device an authority. */
export interface DeviceAdd {
  readonly kind: 'device-add';
  /** ed25519 public key; the device id is derived from it. */
  readonly signKey: Uint8Array;
  /** x25519 public key, for sealed messages to the device. */
  readonly boxKey: Uint8Array;
  /** Display name at pairing time. */
  readonly name: string;
}

/** Removes an authority for good: its key can never be added again. */
export interface DeviceRemove {
  readonly kind: 'device-remove';
  readonly signKey: Uint8Array;
}

/** Records a federated-learning checkpoint by hash (the weights travel beside the chain). */
export interface ModelCheckpoint {
  readonly kind: 'model-checkpoint';
  readonly model: string;
  readonly round: number;
  readonly weightsHash: Uint8Array;
}

/** What a transaction does. */
export type TxBody =
  MemoryPut | MemoryEdit | MemoryDelete | MemoryTag | DeviceAdd | DeviceRemove | ModelCheckpoint;

/** The memory transactions. */
export type MemoryTxBody = MemoryPut | MemoryEdit | MemoryDelete | MemoryTag;

/** A signed transaction. */
export interface Tx {
  /** The author's ed25519 public key. */
  readonly authorKey: Uint8Array;
  /** Derived from `authorKey`, never read from the wire. */
  readonly author: DeviceId;
  /** The author's hybrid logical clock at creation; `hlc.device` is `author`. */
  readonly hlc: Hlc;
  readonly body: TxBody;
  readonly signature: Uint8Array;
  /** The canonical encoding, signature included. */
  readonly bytes: Uint8Array;
  /** The RFC 6962 leaf hash of `bytes`: the transaction's id and its leaf in a block's txRoot. */
  readonly id: Uint8Array;
}

/** A block header: everything but the transactions. */
export interface BlockHeader {
  readonly version: number;
  readonly height: number;
  /** Hash of the parent block; 32 zero bytes for genesis. */
  readonly parent: Uint8Array;
  /** The sealer's wall clock, ms since the epoch. */
  readonly time: number;
  /** The sealer's ed25519 public key. */
  readonly signerKey: Uint8Array;
  /** Derived from `signerKey`. */
  readonly signer: DeviceId;
  /** RFC 6962 root of the hashes of every block before this one (heights 0 … height − 1). */
  readonly logRoot: Uint8Array;
  /** 2 when sealed in turn, 1 out of turn. */
  readonly weight: number;
  readonly txCount: number;
  /** RFC 6962 root over the encoded transactions, in block order. */
  readonly txRoot: Uint8Array;
  /** ed25519 signature over the header without it (with a domain prefix). */
  readonly signature: Uint8Array;
}

/** A block with its transactions, its canonical encoding and its hash. */
export interface Block {
  readonly header: BlockHeader;
  readonly txs: readonly Tx[];
  /** The encoded header, signature included. */
  readonly headerBytes: Uint8Array;
  /** SHA-256 of `headerBytes`. */
  readonly hash: Uint8Array;
  /** The whole block as sent on the wire. */
  readonly bytes: Uint8Array;
}
