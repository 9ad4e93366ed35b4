/**
 * Which removals are in force on every branch, and which stored blocks therefore stop counting.
 * Removals apply in clock order, each unless its author had been removed before it (so two devices
 * removing each other at once leave the earlier remover an authority, never nobody); a removal
 * carried on any branch counts, so the answer depends only on the transactions known, never on
 * which block carried them or in which order blocks arrived.
 */
import { hlcCompare, type Hlc } from '../hlc.ts';
import type { DeviceId } from '@kiana/shared/ids';
import type { Entry } from './entry.ts';
import type { Tx } from './types.ts';

/** The removals in force, by removed device, at the removal's clock. */
export type Revoked = ReadonlyMap<DeviceId, Hlc>;

/** True when `device` had been removed in `revoked` by clock `hlc`. */
export function removedBy(revoked: Revoked, device: DeviceId, hlc: Hlc): boolean {
  const at = revoked.get(device);
  return at !== undefined && hlcCompare(hlc, at) >= 0;
}

/**
 * True when a block of `signer` dated `time` no longer counts: sealed after the signer's removal.
 * Strictly after: an honest removal is dated at or after its parent block (validate.ts), so the
 * blocks it builds on never stop counting because of it.
 */
export function sealedAfterRemoval(revoked: Revoked, signer: DeviceId, time: number): boolean {
  const at = revoked.get(signer);
  return at !== undefined && time > at.wallMs;
}

/** The removals in force among every transaction of `entries`. */
export function findRevoked(
  entries: Iterable<Entry>,
  deviceIdOf: (signKey: Uint8Array) => DeviceId,
): Map<DeviceId, Hlc> {
  const removals: Tx[] = [];
  for (const e of entries) {
    for (const tx of e.block.txs) if (tx.body.kind === 'device-remove') removals.push(tx);
  }
  removals.sort((a, b) => hlcCompare(a.hlc, b.hlc));
  const revoked = new Map<DeviceId, Hlc>();
  for (const tx of removals) {
    if (tx.body.kind !== 'device-remove' || removedBy(revoked, tx.author, tx.hlc)) continue;
    const id = deviceIdOf(tx.body.signKey);
    if (!revoked.has(id)) revoked.set(id, tx.hlc);
  }
  return revoked;
}

/**
 * Marks every entry counting or not under `revoked`, parents first. A block stops counting when
 * its signer sealed it after its removal, or when it carries a device change its author made after
 * its removal (a device re-included it before it learned of the removal): validation refuses
 * both now, so a device that accepted one must not keep building on it.
 */
export function markEffective(byHeight: readonly Entry[], revoked: Revoked): void {
  for (const e of byHeight) {
    const h = e.block.header;
    const lateChange = (tx: Tx): boolean =>
      (tx.body.kind === 'device-add' || tx.body.kind === 'device-remove') &&
      removedBy(revoked, tx.author, tx.hlc);
    const voided =
      e.height > 0 &&
      (sealedAfterRemoval(revoked, h.signer, h.time) || e.block.txs.some(lateChange));
    e.effective = (e.parent?.effective ?? true) && !voided;
  }
}
