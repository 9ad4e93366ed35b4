/**
 * Rows written before the chain existed become this device's transactions, once, in chunks in
 * the background: the rows are in the table already, so lists and search work meanwhile, and a
 * write to a row not replayed yet replays it first (ChainStore). Soft-deleted rows are forgotten
 * instead.
 */
import type { DeviceId, MemoryId } from '@kiana/shared/ids';
import type { ChainStore } from './chain/chain-store.ts';
import { changesFromRows } from './chain/replay-rows.ts';
import type { Sql } from './sqlite.ts';
import type { ImportRow } from './transfer.ts';

/** Meta key set once the rows from before the chain were replayed as transactions. */
const LEGACY_DONE = 'chain.legacy-replayed';
/** Rows replayed per turn of the mutex: reads wait for at most one chunk. */
const LEGACY_CHUNK = 250;

/** What the replay works on. */
export interface LegacyDeps {
  readonly sql: Sql;
  readonly chain: ChainStore;
  readonly device: DeviceId;
  readonly now: () => number;
  /** Runs `fn` under the store's lock. */
  readonly locked: <T>(fn: () => Promise<T>) => Promise<T>;
}

/** Replays every chunk; failures are logged, never thrown (the store works without it). */
export async function replayLegacy(deps: LegacyDeps): Promise<void> {
  try {
    let after = -1;
    for (;;) {
      const next = await deps.locked(() => replayChunk(deps, after));
      if (next === null) return;
      after = next;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } catch (error) {
    console.error('[chain] could not replay the memories from before the chain', error);
  }
}

/** One chunk after `seq`; returns the last seq done, or null when all are done. */
async function replayChunk(deps: LegacyDeps, after: number): Promise<number | null> {
  const { sql, chain } = deps;
  if (await sql.get('SELECT 1 FROM meta WHERE key = ?', [LEGACY_DONE])) return null;
  const rows = await sql.all<ImportRow & { seq: number }>(
    `SELECT seq, id, text, source, tags, device, created_hlc, updated_hlc, deleted
     FROM memories WHERE seq > ? ORDER BY seq LIMIT ${LEGACY_CHUNK}`,
    [after],
  );
  const last = rows.at(-1);
  if (last === undefined) {
    await sql.transaction(async () => {
      await sql.run(
        `UPDATE memories SET text = '', tags = '[]'
         WHERE deleted = 1 AND (text <> '' OR tags <> '[]')`,
      );
      await sql.run('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', [LEGACY_DONE, '1']);
    });
    return null;
  }
  const tree = chain.ledger.tree;
  const legacy = rows.filter((r) => tree.memory(r.id as MemoryId) === undefined);
  const { changes } = changesFromRows(legacy, tree, deps.device, deps.now());
  await chain.replay(changes);
  return last.seq;
}
