/**
 * An import signs its next chunk while the current one commits (chain/import-apply.ts). What
 * lands must be what signing each chunk in its own turn recorded: when the chain changed between
 * two chunks, the signatures made ahead are dropped.
 */
import { describe, expect, it } from 'vitest';
import type { MemoryId } from '@kiana/shared/ids';
import type { ChainStore } from '../../../workers/store/chain/chain-store.ts';
import { sameChanges } from '../../../workers/store/chain/import-apply.ts';
import { IMPORT_CHUNK } from '../../../workers/store/transfer.ts';
import { identityOf, openTestStore } from './sqlite-node.ts';

const id = (n: number): MemoryId => `m${n}` as MemoryId;
const put = (n: number, text: string) => ({ id: id(n), text, source: 'typed' as const, tags: [] });

async function exported(count: number): Promise<Uint8Array> {
  const { store } = await openTestStore(identityOf(7));
  await store.putMany(Array.from({ length: count }, (_, n) => put(n, `file memory ${n}`)));
  return store.exportBytes();
}

describe('import signing ahead', () => {
  it('compares changes by kind, content and time', () => {
    const at = { wallMs: 5, counter: 0, device: 'd' as never };
    const a = [{ change: { kind: 'delete' as const, id: id(1) }, at }];
    expect(sameChanges(a, [{ change: { kind: 'delete', id: id(1) }, at: { ...at } }])).toBe(true);
    expect(sameChanges(a, [{ change: { kind: 'delete', id: id(2) }, at }])).toBe(false);
    expect(sameChanges(a, [{ change: { kind: 'delete', id: id(1) }, at: undefined }])).toBe(false);
    expect(
      sameChanges(a, [{ change: { kind: 'delete', id: id(1) }, at: { ...at, counter: 1 } }]),
    ).toBe(false);
    expect(sameChanges(a, [])).toBe(false);
  });

  it('drops what it signed ahead when a save took a memory of the next chunk first', async () => {
    const count = IMPORT_CHUNK * 2 + 10;
    const bytes = await exported(count);
    const { store } = await openTestStore();
    // The first memory of the second chunk, saved here after the first chunk was merged (and
    // the second signed ahead): the file's older row must not be recorded on top of it.
    const taken = IMPORT_CHUNK + 1;
    let saved: Promise<unknown> | null = null;
    const result = await store.importBytes(bytes, (p) => {
      if (p.done === IMPORT_CHUNK && saved === null) saved = store.put(put(taken, 'saved here'));
    });
    expect(saved).not.toBeNull();
    expect(result.added).toBe(count - 1);
    expect((await store.get({ id: id(taken), includeDeleted: false }))?.text).toBe('saved here');
    const info = await store.chainInfo();
    expect(info.pending).toBe(0);
    // The save's put is the memory's only transaction: none of the file's row was recorded.
    const chain = (store as unknown as { chain: ChainStore }).chain;
    const txs = [...chain.ledger.tree.entries()].flatMap((e) => e.block.txs);
    const about = txs.filter((tx) => 'memory' in tx.body && tx.body.memory === id(taken));
    expect(about.map((tx) => tx.body.kind)).toEqual(['memory-put']);
    const list = await store.list({ offset: 0, limit: count + 10, includeDeleted: false });
    expect(list.total).toBe(count);
    const blocks = info.blocks;
    // A second import of the same file changes nothing: every row is known and not newer.
    const again = await store.importBytes(bytes);
    expect(again.added + again.updated).toBe(0);
    expect((await store.chainInfo()).blocks).toBe(blocks);
  });
});
