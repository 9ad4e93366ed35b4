import { describe, expect, it } from 'vitest';
import type { MemoryId } from '@kiana/shared/ids';
import { boundStoreHandlers } from './store-handlers.ts';
import { MAX_BULK_PUT } from '../../../src/core/memory/validate.ts';
import { StoreHost } from '../../../workers/store/host.ts';
import { DEVICE, IDENTITY, openTestStore } from './sqlite-node.ts';

const item = (n: number, text = `note ${n} about Müller`) => ({
  id: `m${n}` as MemoryId,
  text,
  source: 'import' as const,
  tags: [],
});

/** The handler map over an opened test store, as the worker builds it. */
async function handlersOverTestStore() {
  const opened = await openTestStore();
  const host = new StoreHost(() => Promise.resolve(opened.store));
  await host.open({ device: DEVICE, identity: IDENTITY, vfs: 'auto' });
  return { handlers: boundStoreHandlers(host), ...opened };
}

describe('memories.bulkPut', () => {
  it(
    'adds many memories in one go, searchable and listed, with one change event',
    { timeout: 30_000 },
    async () => {
      const { handlers, changes } = await handlersOverTestStore();
      const items = Array.from({ length: 300 }, (_, n) => item(n));
      expect(await handlers['memories.bulkPut']({ items })).toEqual({ added: 300 });
      expect(await handlers['memories.count']()).toBe(300);
      const found = await handlers['memories.search']({ query: 'Muller', limit: 5 });
      expect(found.hits).toHaveLength(5);
      const list = await handlers['memories.list']({ limit: 2 });
      expect(list.rows.map((m) => m.id)).toEqual(['m299', 'm298']);
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({ kind: 'put', all: false });
      expect(changes[0]?.ids).toHaveLength(300);
    },
  );

  it('is idempotent like put: stored ids are skipped and never overwritten', async () => {
    const { handlers, changes } = await handlersOverTestStore();
    await handlers['memories.put'](item(1, 'first'));
    const result = await handlers['memories.bulkPut']({
      items: [item(1, 'second'), item(2)],
    });
    expect(result).toEqual({ added: 1 });
    expect((await handlers['memories.get']({ id: 'm1' as MemoryId }))?.text).toBe('first');
    expect(changes.map((c) => c.ids)).toEqual([['m1'], ['m2']]);
  });

  it('refuses a malformed or oversized batch before writing anything', async () => {
    const { handlers } = await handlersOverTestStore();
    const bad = [item(1), { ...item(2), id: 'not an id!' as MemoryId }];
    await expect(handlers['memories.bulkPut']({ items: bad })).rejects.toMatchObject({
      code: 'bad-message',
    });
    const tooMany = Array.from({ length: MAX_BULK_PUT + 1 }, (_, n) => item(n));
    await expect(handlers['memories.bulkPut']({ items: tooMany })).rejects.toMatchObject({
      code: 'bad-message',
    });
    expect(await handlers['memories.count']()).toBe(0);
  });
});
