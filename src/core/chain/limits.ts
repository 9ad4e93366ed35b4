/**
 * Protocol constants of chain version 1. Changing one changes which blocks are valid, so each is
 * written down in docs/PROTOCOL.md beside the rule that uses it.
 */

/** The only transaction and block format version. */
export const CHAIN_VERSION = 1;
/** SHA-256 output length. */
export const HASH_BYTES = 32;
/** ed25519 public key length. */
export const KEY_BYTES = 32;
/** ed25519 detached signature length. */
export const SIGNATURE_BYTES = 64;
/** Largest encoded transaction. Transactions carry hashes, never text, so they stay small. */
export const MAX_TX_BYTES = 1024;
/** Most transactions in one block. */
export const MAX_BLOCK_TXS = 1024;
/** Largest encoded block: bounds what one message or one validation may cost. */
export const MAX_BLOCK_BYTES = 256 * 1024;
/** Most authorities (paired devices) at once; the issue asks for up to 10. */
export const MAX_AUTHORITIES = 32;
/**
 * How far a block's time (or a transaction's clock) may run ahead of the validator's wall clock.
 * Phones drift by seconds; five minutes leaves room for a badly set clock while keeping a
 * far-future edit from winning last-writer-wins for a long time.
 */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;
/** Weight of a block sealed in turn (Clique's difficulty 2). */
export const WEIGHT_IN_TURN = 2;
/** Weight of a block sealed out of turn. */
export const WEIGHT_OUT_OF_TURN = 1;
/** Longest device display name in characters (as `MAX_DISPLAY_NAME`). */
export const MAX_DEVICE_NAME = 64;
/** Longest model id in the model-checkpoint transaction. */
export const MAX_MODEL_ID = 64;
/** Bytes of random salt in front of every content blob (see content.ts). */
export const CONTENT_SALT_BYTES = 16;
/** Largest content blob: a memory's text is at most 100,000 UTF-16 units, ≤ 300,000 UTF-8 bytes. */
export const MAX_CONTENT_BYTES = 320 * 1024;
