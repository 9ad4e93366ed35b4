/**
 * `validateBlock`: the chain's rules (docs/PROTOCOL.md, "Validation") as one pure function of a
 * decoded block and what the validator knows about its parent. Cheap checks run first and the
 * signature last but one, so junk costs little; the answer is a coded result, never a throw.
 */
import type { Primitives } from '../crypto/primitives.ts';
import { KianaError, type ErrorCode } from '@kiana/shared/errors';
import { hlcCompare } from '../hlc.ts';
import type { DeviceId } from '@kiana/shared/ids';
import { Members, weightFor } from './authority.ts';
import { toHex } from './bytes.ts';
import { merkleOf } from './hashing.ts';
import { bytesEqual } from '../merkle/index.ts';
import { HASH_BYTES, MAX_AUTHORITIES, MAX_FUTURE_SKEW_MS, SIGNATURE_BYTES } from './limits.ts';
import { removedBy, sealedAfterRemoval, type Revoked } from './revocations.ts';
import { blockSigned } from './signatures.ts';
import { verifyTxSignature } from './tx.ts';
import type { Block, Tx } from './types.ts';

/** What the validator knows about the parent block. */
export interface ParentInfo {
  readonly hash: Uint8Array;
  readonly height: number;
  readonly time: number;
  /** RFC 6962 root of the hashes of blocks 0 … parent.height: the child's `logRoot`. */
  readonly logRootAfter: Uint8Array;
}

/** Everything a block is validated against; the tree builds it from the parent's entry. */
export interface ValidationContext {
  readonly prims: Primitives;
  /** The validator's wall clock, ms. */
  readonly now: number;
  /** Null for genesis. */
  readonly parent: ParentInfo | null;
  /** The authority set in force after the parent, on the parent's branch. */
  readonly members: Members;
  /**
   * Removals in force from any branch, by device, at the removal's clock (revocations.ts). A
   * removal is final everywhere: otherwise a stolen device could fork from before its removal
   * and vote itself back in.
   */
  readonly revoked: Revoked;
  /** True when a transaction with this id is already in a block on the parent's branch. */
  readonly isIncluded: (txId: Uint8Array) => boolean;
  /** The time of the latest block `device` sealed on the parent's branch, if any. */
  readonly lastSealed: (device: DeviceId) => number | undefined;
  /** Future skew allowed, ms; `MAX_FUTURE_SKEW_MS` unless a test says otherwise. */
  readonly maxSkewMs?: number;
  /**
   * Replaying blocks this device validated before, read back from its own storage: signatures
   * are not verified again and the future bound is not applied (the wall clock may since have
   * been set back). Never for bytes from a peer.
   */
  readonly replay?: boolean;
}

/** The outcome: the authority set after the block, or the first broken rule. */
export type Validation =
  | { readonly ok: true; readonly members: Members }
  | { readonly ok: false; readonly error: KianaError };

class Reject extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly why: string,
  ) {
    super(why);
  }
}

const ZERO_HASH = new Uint8Array(HASH_BYTES);

/** Runs every rule on `block`; see docs/PROTOCOL.md for each. Never throws. */
export function validateBlock(block: Block, context: ValidationContext): Validation {
  try {
    return { ok: true, members: check(block, context) };
  } catch (error) {
    if (error instanceof Reject) {
      return { ok: false, error: new KianaError(error.code, error.why) };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: new KianaError('internal', message) };
  }
}

function check(block: Block, ctx: ValidationContext): Members {
  const h = block.header;
  const skew = ctx.maxSkewMs ?? MAX_FUTURE_SKEW_MS;
  const merkle = merkleOf(ctx.prims);
  checkLink(block, ctx.parent, merkle.hasher.emptyRoot);
  if (ctx.parent !== null && h.time < ctx.parent.time) {
    throw new Reject('block-bad-time', `time ${h.time} before parent’s ${ctx.parent.time}`);
  }
  if (!ctx.replay && h.time > ctx.now + skew) {
    throw new Reject('block-future', `time ${h.time} is ${h.time - ctx.now} ms ahead`);
  }
  checkSigner(block, ctx);
  if (h.weight !== weightFor(ctx.members.rota, h.height, h.signer)) {
    throw new Reject('block-bad-weight', `weight ${h.weight} at height ${h.height}`);
  }
  const root = merkle.rootOfLeafHashes(block.txs.map((tx) => tx.id));
  if (block.txs.length !== h.txCount || !bytesEqual(root, h.txRoot)) {
    throw new Reject('block-bad-tx-root', 'txRoot does not match the transactions');
  }
  const signed = blockSigned(block);
  if (
    h.signature.length !== SIGNATURE_BYTES ||
    (!ctx.replay && !ctx.prims.verify(signed.key, signed.message, signed.signature))
  ) {
    throw new Reject('block-bad-signature', 'block signature does not verify');
  }
  return applyTxs(block, ctx, skew);
}

function checkLink(block: Block, parent: ParentInfo | null, emptyRoot: Uint8Array): void {
  const h = block.header;
  if (parent === null) {
    if (h.height !== 0 || !bytesEqual(h.parent, ZERO_HASH) || !bytesEqual(h.logRoot, emptyRoot)) {
      throw new Reject('block-bad-parent', 'genesis must have height 0, no parent, empty log');
    }
    return;
  }
  if (!bytesEqual(h.parent, parent.hash) || h.height !== parent.height + 1) {
    throw new Reject('block-bad-parent', `height ${h.height} does not follow its parent`);
  }
  if (!bytesEqual(h.logRoot, parent.logRootAfter)) {
    throw new Reject('block-bad-parent', 'logRoot is not the log up to the parent');
  }
}

function checkSigner(block: Block, ctx: ValidationContext): void {
  const h = block.header;
  if (ctx.parent === null) {
    // Genesis: the first device authorises itself in the block's first transaction.
    const first = block.txs[0];
    const selfAdd =
      first?.body.kind === 'device-add' &&
      first.author === h.signer &&
      bytesEqual(first.body.signKey, h.signerKey);
    if (!selfAdd) throw new Reject('block-not-authority', 'genesis must add its own signer first');
    return;
  }
  if (!ctx.members.isActive(h.signer)) {
    throw new Reject('block-not-authority', `${h.signer} is not an authority here`);
  }
  // A block this device stored before it learned of a removal stays stored (its writes count);
  // the tree marks it as no longer counting for fork choice.
  if (!ctx.replay && sealedAfterRemoval(ctx.revoked, h.signer, h.time)) {
    throw new Reject('block-not-authority', `${h.signer} was removed`);
  }
}

/**
 * Checks the transactions in order against the authority set as it evolves inside the block, and
 * returns the set after the last one.
 */
function applyTxs(block: Block, ctx: ValidationContext, skew: number): Members {
  const h = block.header;
  let members = ctx.members;
  const seen = new Set<string>();
  block.txs.forEach((tx, i) => {
    const key = toHex(tx.id);
    if (seen.has(key)) throw new Reject('block-replayed', `transaction ${i} appears twice`);
    seen.add(key);
    const genesisSelfAdd = ctx.parent === null && i === 0;
    members = admit(
      tx,
      i,
      { ...ctx, members },
      { sealer: h.signer, time: h.time, skew },
      genesisSelfAdd,
    );
  });
  return members;
}

/** The block a transaction is checked for: who seals it, its time, the skew allowed. */
interface Slot {
  readonly sealer: DeviceId;
  readonly time: number;
  readonly skew: number;
}

function admit(
  tx: Tx,
  i: number,
  ctx: ValidationContext,
  slot: Slot,
  genesisSelfAdd: boolean,
): Members {
  if (ctx.isIncluded(tx.id)) {
    throw new Reject('block-replayed', `transaction ${i} is already on this branch`);
  }
  const latest = slot.time + slot.skew;
  if (tx.hlc.wallMs > latest) {
    throw new Reject('tx-future', `transaction ${i} is dated after ${latest}`);
  }
  if (!genesisSelfAdd) {
    checkAuthor(tx, i, ctx, slot);
    checkDated(tx, i, ctx);
  }
  // The block signature already covers these exact bytes when the author sealed the block;
  // another sealer (re-including the transaction) must show the author's own signature.
  if (tx.author !== slot.sealer && !ctx.replay && !verifyTxSignature(ctx.prims, tx)) {
    throw new Reject('tx-bad-signature', `transaction ${i} signature does not verify`);
  }
  return applyDeviceTx(tx, i, ctx, slot);
}

/**
 * Whether `sealer` could put `tx` into a block on top of `ctx.parent`, given the transactions
 * already chosen for it (reflected in `ctx.members`): the per-transaction rules of
 * `validateBlock`, for the sealer's selection of pending transactions. Answers the authority set
 * after the transaction, or the broken rule.
 */
export function admitTx(
  tx: Tx,
  ctx: ValidationContext,
  sealer: DeviceId,
  time: number,
): Validation {
  try {
    const slot = { sealer, time, skew: ctx.maxSkewMs ?? MAX_FUTURE_SKEW_MS };
    return { ok: true, members: admit(tx, 0, ctx, slot, false) };
  } catch (error) {
    if (error instanceof Reject) return { ok: false, error: new KianaError(error.code, error.why) };
    throw error;
  }
}

function checkAuthor(tx: Tx, i: number, ctx: ValidationContext, slot: Slot): void {
  // A device removed on any branch changes the authorities nowhere after its removal.
  const revoked = isDeviceTx(tx) && removedBy(ctx.revoked, tx.author, tx.hlc);
  if (revoked || !ctx.members.mayAuthor(tx, slot.sealer)) {
    throw new Reject('tx-not-authority', `transaction ${i} author ${tx.author} has no rights`);
  }
}

function isDeviceTx(tx: Tx): boolean {
  return tx.body.kind === 'device-add' || tx.body.kind === 'device-remove';
}

/**
 * The lower bounds on a device transaction's clock, which its signer picks freely. It may not be
 * dated before its author was added, nor a removal before the device it removes was added or
 * sealed its latest block on this branch. A removal applies from its clock on every branch
 * (revocations.ts), so it must never reach back past blocks the removed device sealed that the
 * remover builds on: a removal dated in 1970 is refused wherever its target ever sealed.
 *
 * Not bounded by the parent block's time: a device change that lost fork choice is re-included
 * later, by its author too, and must stay valid then. Memory writes are not bounded at all: a
 * write made long ago is legitimately carried later (re-inclusion, a device joining another
 * chain), and its clock only orders it among writes to the same memory.
 */
function checkDated(tx: Tx, i: number, ctx: ValidationContext): void {
  const body = tx.body;
  if (body.kind !== 'device-add' && body.kind !== 'device-remove') return;
  const before = (who: DeviceId | undefined): boolean => {
    const addedAt = who === undefined ? undefined : ctx.members.get(who)?.addedAt;
    return addedAt !== undefined && hlcCompare(tx.hlc, addedAt) < 0;
  };
  const target = body.kind === 'device-remove' ? ctx.prims.deviceIdOf(body.signKey) : undefined;
  if (before(tx.author) || before(target)) {
    throw new Reject(
      'tx-backdated',
      `transaction ${i} is dated before a device it names was added`,
    );
  }
  const sealed = target === undefined ? undefined : ctx.lastSealed(target);
  if (sealed !== undefined && tx.hlc.wallMs < sealed) {
    throw new Reject('tx-backdated', `removal ${i} is dated before its target's block ${sealed}`);
  }
}

function applyDeviceTx(tx: Tx, i: number, ctx: ValidationContext, slot: Slot): Members {
  const members = ctx.members;
  const body = tx.body;
  if (body.kind === 'device-add') {
    const id = ctx.prims.deviceIdOf(body.signKey);
    // A removed key stays removed: re-pairing a device gives it a new identity.
    if (members.get(id) !== undefined || ctx.revoked.has(id)) {
      throw new Reject('tx-invalid', `transaction ${i} adds ${id}, which was added before`);
    }
    if (members.rota.length >= MAX_AUTHORITIES) {
      throw new Reject('tx-invalid', `transaction ${i} exceeds ${MAX_AUTHORITIES} authorities`);
    }
    const { signKey, boxKey, name } = body;
    return members.with({ id, signKey, boxKey, name, addedAt: tx.hlc, removedAt: null });
  }
  if (body.kind === 'device-remove') {
    const id = ctx.prims.deviceIdOf(body.signKey);
    if (members.get(id) === undefined) {
      throw new Reject('tx-invalid', `transaction ${i} removes ${id}, never an authority here`);
    }
    // Another authority removes a device, never the device itself, and the removed device never
    // seals its own removal: a device must not race itself (and the others) out of the set.
    if (id === tx.author || id === slot.sealer) {
      throw new Reject('tx-invalid', `transaction ${i}: a device cannot remove itself`);
    }
    // Who is left includes the author and the sealer (both active, neither the removed one), so
    // removing the last other authority takes the remaining device's own signature.
    if (members.isActive(id) && members.rota.length === 1) {
      throw new Reject('tx-invalid', `transaction ${i} would remove the last authority`);
    }
    // Removing a device removed already records the earlier removal: re-included from another
    // branch, it must reach every device, whose removals in force must agree.
    return members.without(id, tx.hlc);
  }
  return members;
}
