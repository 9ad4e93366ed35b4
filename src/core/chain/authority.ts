/**
 * The authority set along one branch: which device keys were added by signed device-add
 * transactions and which were removed. Immutable: applying a block's device transactions yields a
 * new set, so every stored block can keep the set in force after it and share it with its
 * children when nothing changed (the usual case).
 */
import { hlcCompare, hlcMin, type Hlc } from '../hlc.ts';
import type { DeviceId } from '@kiana/shared/ids';
import type { Tx } from './types.ts';
import { WEIGHT_IN_TURN, WEIGHT_OUT_OF_TURN } from './limits.ts';

/** One device ever added on the branch. */
export interface Member {
  readonly id: DeviceId;
  readonly signKey: Uint8Array;
  readonly boxKey: Uint8Array;
  readonly name: string;
  /** Clock of the device-add transaction. */
  readonly addedAt: Hlc;
  /** Clock of the device-remove transaction on this branch, or null while it is an authority. */
  readonly removedAt: Hlc | null;
}

/** The members of a branch and, derived once, the active authorities in turn order. */
export class Members {
  readonly #byId: ReadonlyMap<DeviceId, Member>;
  /** Active authorities sorted by device id: the in-turn rota. */
  readonly rota: readonly DeviceId[];

  constructor(byId: ReadonlyMap<DeviceId, Member> = new Map()) {
    this.#byId = byId;
    this.rota = [...byId.values()]
      .filter((m) => m.removedAt === null)
      .map((m) => m.id)
      .sort();
  }

  /** The member with this id, active or removed. */
  get(id: DeviceId): Member | undefined {
    return this.#byId.get(id);
  }

  /** True when `id` may seal blocks now: added and not removed on this branch. */
  isActive(id: DeviceId): boolean {
    const m = this.#byId.get(id);
    return m !== undefined && m.removedAt === null;
  }

  /**
   * True when `tx`'s author may appear in a block sealed by `sealer`: it was added, and if it has
   * been removed since, another authority carries the transaction (a re-inclusion) and, for a
   * device transaction, it predates the removal. A removed device's memory writes may be carried
   * whatever their clock: the author chose that clock, so it proves nothing, and an authority
   * carries only writes some device accepted while their author still had rights.
   */
  mayAuthor(tx: Tx, sealer: DeviceId): boolean {
    const m = this.#byId.get(tx.author);
    if (m === undefined) return false;
    if (m.removedAt === null) return true;
    if (sealer === tx.author) return false;
    const deviceTx = tx.body.kind === 'device-add' || tx.body.kind === 'device-remove';
    return !deviceTx || hlcCompare(tx.hlc, m.removedAt) < 0;
  }

  /** Every member ever added, active or not. */
  all(): Member[] {
    return [...this.#byId.values()];
  }

  /** A set with `member` added. */
  with(member: Member): Members {
    return new Members(new Map(this.#byId).set(member.id, member));
  }

  /** A set with `id` marked removed at `hlc` (or at its earlier removal, if one is known). */
  without(id: DeviceId, hlc: Hlc): Members {
    const m = this.#byId.get(id);
    if (m === undefined) return this;
    const removedAt = m.removedAt === null ? hlc : hlcMin(m.removedAt, hlc);
    return new Members(new Map(this.#byId).set(id, { ...m, removedAt }));
  }
}

/**
 * The weight of a block at `height` sealed by `signer` under `rota`: in turn when
 * `rota[height mod rota.length]` is the signer (Clique's rule), 2, otherwise 1.
 */
export function weightFor(rota: readonly DeviceId[], height: number, signer: DeviceId): number {
  if (rota.length === 0) return WEIGHT_IN_TURN; // genesis: nobody else could have sealed it
  return rota[height % rota.length] === signer ? WEIGHT_IN_TURN : WEIGHT_OUT_OF_TURN;
}

/**
 * How many heights ago `signer` last had its turn at or before `height` (0 when it is in turn
 * now): EIP-3436's third tie-breaker prefers the sealer whose turn lies furthest back.
 */
export function turnDistance(rota: readonly DeviceId[], height: number, signer: DeviceId): number {
  const slot = rota.indexOf(signer);
  if (slot < 0) return rota.length;
  const n = rota.length;
  return (((height - slot) % n) + n) % n;
}
