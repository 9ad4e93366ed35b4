/**
 * The Memories list's window over `memories.list`, against a store generated from the contract:
 * pages load for what is in view, a burst of `memories.changed` reloads the view once, a change
 * during a load loads the page again, and a failed page is retried while in view.
 */
import { describe, expect, it, vi } from 'vitest';
import { MemoryWindow, PAGE_SIZE } from '../../../src/state/memories.svelte.ts';
import type { Memory } from '../../../src/core/memory/types.ts';
import { fakeStore, memory } from './helpers.ts';

/** A store holding `rows` (newest first) that answers list windows from them. */
function listing(rows: () => readonly Memory[]) {
  return fakeStore({
    'memories.list': ({ offset, limit }) => ({
      rows: rows().slice(offset, offset + limit),
      total: rows().length,
    }),
  });
}

const numbered = (n: number, prefix = 'm') =>
  Array.from({ length: n }, (_, i) => memory(`${prefix}${i}`));

describe('MemoryWindow', () => {
  it('loads the pages in view, and only those', async () => {
    const store = listing(() => numbered(3 * PAGE_SIZE));
    const list = new MemoryWindow(store.ref);
    list.show(0, 10);
    await vi.waitFor(() => expect(list.total).toBe(3 * PAGE_SIZE));
    expect(list.rowAt(9)?.id).toBe('m9');
    expect(store.argsOf('memories.list')).toEqual([
      { offset: 0, limit: PAGE_SIZE, includeDeleted: false },
    ]);
    list.show(PAGE_SIZE + 5, PAGE_SIZE + 15);
    await vi.waitFor(() => expect(list.rowAt(PAGE_SIZE + 5)?.id).toBe(`m${PAGE_SIZE + 5}`));
    expect(store.argsOf('memories.list').map((a) => a.offset)).toEqual([0, PAGE_SIZE]);
  });

  it('reloads the view once for a burst of changes and shows the new rows', async () => {
    let rows = numbered(5);
    const store = listing(() => rows);
    const list = new MemoryWindow(store.ref);
    list.show(0, 5);
    await vi.waitFor(() => expect(list.total).toBe(5));
    rows = [memory('new'), ...rows];
    for (let i = 0; i < 20; i++)
      store.emit('memories.changed', { ids: [], kind: 'put', all: false });
    await vi.waitFor(() => expect(list.rowAt(0)?.id).toBe('new'));
    expect(list.total).toBe(6);
    // 20 events, one reload (the events come within the 60 ms debounce).
    expect(store.argsOf('memories.list')).toHaveLength(2);
  });

  it('loads a page again when a change arrives while its answer is on the way', async () => {
    let rows = numbered(3);
    let release: () => void = () => {};
    const store = fakeStore({
      'memories.list': async ({ offset, limit }) => {
        const snapshot = rows;
        if (store.argsOf('memories.list').length === 1) {
          await new Promise<void>((r) => (release = r));
        }
        return { rows: snapshot.slice(offset, offset + limit), total: snapshot.length };
      },
    });
    const list = new MemoryWindow(store.ref);
    list.show(0, 3);
    await vi.waitFor(() => expect(store.argsOf('memories.list')).toHaveLength(1));
    rows = [memory('later'), ...rows];
    list.refresh(); // what a `memories.changed` does, without the debounce
    release();
    // The first answer predates the change; the page is loaded once more and shows it.
    await vi.waitFor(() => expect(list.rowAt(0)?.id).toBe('later'));
    expect(store.argsOf('memories.list')).toHaveLength(2);
  });

  it('keeps the error and retries a failed page while it is in view', async () => {
    let fail = true;
    const store = fakeStore({
      'memories.list': () => {
        if (fail) {
          fail = false;
          throw new Error('store restarting');
        }
        return { rows: [memory('a')], total: 1 };
      },
    });
    const list = new MemoryWindow(store.ref);
    list.show(0, 1);
    await vi.waitFor(() => expect(list.error).not.toBeNull());
    await vi.waitFor(() => expect(list.rowAt(0)?.id).toBe('a'), { timeout: 5_000 });
    expect(list.error).toBeNull();
  });
});
