/**
 * An import's chunks as signed transactions, the next chunk signed while this one commits. Web
 * Crypto signs off the store's thread, so the next chunk's signatures (about a quarter of an
 * import's time when each chunk waited for its own) are made while SQLite writes this chunk on
 * the store's thread. A chunk still commits in its own turn and its own transaction, each
 * transaction with its own signature; signing ahead changes when signatures are made, not what
 * is recorded: if the chain changed in between (a save, a sync) so that the rows now mean other
 * changes, the signatures made ahead are dropped and the chunk is signed in its turn.
 */
import type { ChangeRecord } from '../../../src/core/chain/index.ts';
import { hlcCompare } from '../../../src/core/hlc.ts';
import type { DeviceId } from '@kiana/shared/ids';
import type { Locked } from '../lock.ts';
import type { MemoryRow } from '../tables/memories.ts';
import type { Applied } from '../transfer.ts';
import type { ChainStore } from './chain-store.ts';
import { changesFromRows, type RowChanges } from './replay-rows.ts';

type Changes = RowChanges['changes'];

/** True when `a` and `b` record the same changes at the same times. */
export function sameChanges(a: Changes, b: Changes): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i];
    if (y === undefined || JSON.stringify(x.change) !== JSON.stringify(y.change)) return false;
    if (x.at === undefined || y.at === undefined) return x.at === y.at;
    return hlcCompare(x.at, y.at) === 0;
  });
}

/**
 * The `apply` of an import (transfer.ts) for `chain`: rows from the file become this device's
 * transactions, new memories marked imported; `next` (the following chunk's rows, read in this
 * turn) is signed ahead.
 */
export function importApplier(
  chain: ChainStore,
  device: DeviceId,
  now: () => number,
): (db: Locked, rows: readonly MemoryRow[], next: readonly MemoryRow[]) => Promise<Applied> {
  const found = (rows: readonly MemoryRow[]) =>
    changesFromRows(rows, chain.ledger.tree, device, now(), 'import');
  let ahead: { changes: Changes; signed: Promise<ChangeRecord> } | null = null;
  return async (db, rows, next) => {
    const current = found(rows);
    const reuse = ahead !== null && sameChanges(ahead.changes, current.changes);
    // This chunk is signed (or its signatures taken) before the next one's, so the clock moves
    // in the order the chunks are recorded.
    const signed = reuse && ahead ? ahead.signed : chain.signReplay(current.changes);
    ahead = null;
    const following = found(next).changes;
    if (following.length > 0) {
      const early = chain.signReplay(following);
      // Dropped unused when the chain changed or the import stopped: no unhandled rejection.
      early.catch(() => undefined);
      ahead = { changes: following, signed: early };
    }
    await chain.replay(db, current.changes, signed);
    return current;
  };
}
