/**
 * The chain's public API (docs/PROTOCOL.md, "Chain"): encode and decode transactions and blocks,
 * create and seal them, validate, choose forks, merge memories, and the in-memory block tree that
 * ties them together. Load the primitives once with `loadPrimitives()` from core/crypto.
 */
export { CHAIN_VERSION, MAX_BLOCK_BYTES, MAX_FUTURE_SKEW_MS, MAX_TX_BYTES } from './limits.ts';
export { TX_KINDS } from './types.ts';
export type { Block, BlockHeader, Tx, TxBody, TxKind, MemoryTxBody } from './types.ts';
export { decodeTx, encodeUnsignedTx, tryDecodeTx } from './tx-codec.ts';
export {
  decodeBlock,
  decodeHeader,
  encodeBlock,
  encodeHeader,
  tryDecodeBlock,
} from './block-codec.ts';
export { createTx, createTxs, verifyTxSignature, contentHashesOf, memoryOf } from './tx.ts';
export { signerFromKeys, type Signer } from './hashing.ts';
export { sealBlock, type SealInput } from './seal.ts';
export { sealGenesis, sealPending, selectTxs, type Selection } from './sealer.ts';
export {
  admitTx,
  validateBlock,
  type ParentInfo,
  type Validation,
  type ValidationContext,
} from './validate.ts';
export { Members, weightFor, turnDistance, type Member } from './authority.ts';
export { compareHeads, forkChoice, type HeadCandidate } from './fork-choice.ts';
export {
  mergeState,
  reinclusionOrder,
  type MergeBlock,
  type MergedState,
  type MergeInput,
} from './merge.ts';
export {
  MemoryMerge,
  viewOf,
  liveHashes,
  type MemoryRecord,
  type MemoryView,
} from './memory-merge.ts';
export {
  contentMatches,
  decodeContent,
  tagsContent,
  textContent,
  type Content,
  type ContentValue,
} from './content.ts';
export { recordChange, recordChanges, type ChangeRecord, type MemoryChange } from './changes.ts';
export { ChainTree, type AddResult, type ChainTreeOptions, type Entry } from './tree.ts';
