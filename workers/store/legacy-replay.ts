/**
 * Rows written before the chain existed become this device's transactions, once, in chunks in
 * the background: the rows are in the table already, so lists and search work meanwhile, and a
 * write to a row not replayed yet replays it first (ChainStore). Soft-deleted rows are forgotten
 * instead.
 */
import type { DeviceId, MemoryId } from '@kiana/shared/ids';
import type { ChainStore } from './chain/chain-store.ts';
import { changesFromRows } from './chain/replay-rows.ts';
import type { Locked, StoreLock } from './lock.ts';
import { clearDeletedContent, rowsAfter } from './tables/memories.ts';
import { getMeta, setMeta } from './tables/meta.ts';

/** Meta key set once the rows from before the chain were replayed as transactions. */
const LEGACY_DONE = 'chain.legacy-replayed';
/** Rows replayed per turn of the lock: reads wait for at most one chunk. */
const LEGACY_CHUNK = 250;

/** What the replay works on. */
export interface LegacyDeps {
  /** The store's lock: each chunk is one turn. */
  readonly lock: StoreLock;
  readonly chain: ChainStore;
  readonly device: DeviceId;
  readonly now: () => number;
}

/** Replays every chunk; failures are logged, never thrown (the store works without it). */
export async function replayLegacy(deps: LegacyDeps): Promise<void> {
  try {
    let after = -1;
    for (;;) {
      const next = await deps.lock.run((db) => replayChunk(db, deps, after));
      if (next === null) return;
      after = next;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } catch (error) {
    console.error('[chain] could not replay the memories from before the chain', error);
  }
}

/** One chunk after `seq`; returns the last seq done, or null when all are done. */
async function replayChunk(db: Locked, deps: LegacyDeps, after: number): Promise<number | null> {
  const { chain } = deps;
  if ((await getMeta(db, LEGACY_DONE)) !== null) return null;
  const rows = await rowsAfter(db, after, LEGACY_CHUNK);
  const last = rows.at(-1);
  if (last === undefined) {
    await db.transaction(async () => {
      await clearDeletedContent(db);
      await setMeta(db, LEGACY_DONE, '1');
    });
    return null;
  }
  const tree = chain.ledger.tree;
  const legacy = rows.filter((r) => tree.memory(r.id as MemoryId) === undefined);
  const { changes } = changesFromRows(legacy, tree, deps.device, deps.now());
  await chain.replay(db, changes);
  return last.seq;
}
