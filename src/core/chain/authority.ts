/**
 * The authority set along one branch: which device keys were added by signed device-add
 * transactions and which were removed. Immutable: applying a block's device transactions yields a
 * new set, so every stored block can keep the set in force after it and share it with its
 * children when nothing changed (the usual case).
 */
import { hlcCompare, type Hlc } from '../hlc.ts';
import type { DeviceId } from '../ids.ts';
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
   * True when `id` may author a transaction stamped `hlc`: it was added, and if it has been
   * removed since, the transaction predates the removal (so honest writes made before a removal
   * can still be re-included afterwards).
   */
  mayAuthor(id: DeviceId, hlc: Hlc): boolean {
    const m = this.#byId.get(id);
    return m !== undefined && (m.removedAt === null || hlcCompare(hlc, m.removedAt) < 0);
  }

  /** Every member ever added, active or not. */
  all(): Member[] {
    return [...this.#byId.values()];
  }

  /** A set with `member` added. */
  with(member: Member): Members {
    return new Members(new Map(this.#byId).set(member.id, member));
  }

  /** A set with `id` marked removed at `hlc`. */
  without(id: DeviceId, hlc: Hlc): Members {
    const m = this.#byId.get(id);
    if (m === undefined) return this;
    return new Members(new Map(this.#byId).set(id, { ...m, removedAt: hlc }));
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
