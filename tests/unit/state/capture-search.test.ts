/**
 * Capture's retry and search-as-you-type, against a store generated from the contract.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import type { HybridHit, HybridResult } from '../../../src/core/embedding/types.ts';
import { Capture } from '../../../src/state/capture.svelte.ts';
import { DRAFT_PAUSE_MS, PAUSE_MAX_CHARS } from '../../../src/state/capture-ahead.ts';
import { ModelsState } from '../../../src/state/models.svelte.ts';
import { MemorySearch } from '../../../src/state/search.svelte.ts';
import { DEBOUNCE_MS } from '../../../src/state/search-send.ts';
import {
  embedded,
  fakeEmbedder,
  fakeStore,
  info,
  installLocalStorage,
  memory,
  withModel,
} from './helpers.ts';

beforeEach(() => installLocalStorage());

/** Waits (on real macrotasks, not timers) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !done(); i++) await new Promise((r) => setImmediate(r));
  expect(done()).toBe(true);
}

describe('Capture', () => {
  it('retries a failed save with the same id, so a put that did land is not duplicated', async () => {
    let fail = true;
    const store = fakeStore({
      'memories.put': ({ id, text, tags }) => {
        if (fail) {
          fail = false;
          // The put may have landed; only its answer was lost.
          throw new KianaError('timeout', 'no answer');
        }
        return { ...memory(id, text), tags };
      },
    });
    const capture = new Capture(store.ref);
    capture.setText('buy oat milk');
    capture.setTags('home, shopping');
    expect(await capture.save()).toBe(false);
    expect(capture.error).toMatchObject({ code: 'timeout' });
    // Nothing lost: the draft is still there, also for a reload.
    expect(capture.text).toBe('buy oat milk');
    expect(new Capture(store.ref).text).toBe('buy oat milk');

    expect(await capture.save()).toBe(true);
    const [first, second] = store.argsOf('memories.put');
    expect(second?.id).toBe(first?.id);
    expect(second).toMatchObject({
      text: 'buy oat milk',
      source: 'typed',
      tags: ['home', 'shopping'],
    });
    expect(capture.text).toBe('');
    expect(capture.recent.map((m) => m.text)).toEqual(['buy oat milk']);
  });

  it('uses a new id once the text changed after a failure', async () => {
    let calls = 0;
    const store = fakeStore({
      'memories.put': ({ id, text }) => {
        if (calls++ === 0) throw new KianaError('storage-quota', 'disk full');
        return memory(id, text);
      },
    });
    const capture = new Capture(store.ref);
    capture.setText('first try');
    await capture.save();
    capture.setText('first try, edited');
    await capture.save();
    const [a, b] = store.argsOf('memories.put');
    expect(b?.id).not.toBe(a?.id);
  });

  it('offers the draft for embedding when typing pauses, and at the latest when it is saved', async () => {
    vi.useFakeTimers();
    try {
      const offered: [string, boolean][] = [];
      const store = fakeStore({ 'memories.put': ({ id, text }) => memory(id, text) });
      const capture = new Capture(store.ref, {
        offerDraft: (text, near) => offered.push([text, near]),
      });
      for (const text of ['b', 'bu', 'buy']) {
        capture.setText(text);
        await vi.advanceTimersByTimeAsync(DRAFT_PAUSE_MS / 3);
      }
      expect(offered).toEqual([]); // still typing
      await vi.advanceTimersByTimeAsync(DRAFT_PAUSE_MS);
      expect(offered).toEqual([['buy', false]]);
      // Saved before the pause ends: offered when Save is pressed, before the store writes.
      capture.setText('buy milk');
      const saved = capture.save();
      expect(offered).toEqual([
        ['buy', false],
        ['buy milk', true],
      ]);
      expect(await saved).toBe(true);
      await vi.advanceTimersByTimeAsync(DRAFT_PAUSE_MS * 2);
      expect(offered).toHaveLength(2); // the emptied draft is not offered
      // A long draft is not embedded again at every pause, only when Save comes near.
      capture.setText('x'.repeat(PAUSE_MAX_CHARS + 1));
      await vi.advanceTimersByTimeAsync(DRAFT_PAUSE_MS * 2);
      expect(offered).toHaveLength(2);
      capture.prepare();
      expect(offered.at(-1)).toEqual(['x'.repeat(PAUSE_MAX_CHARS + 1), true]);
    } finally {
      vi.useRealTimers();
    }
  });
});

const hit = (id: string): HybridHit => ({
  memory: memory(id),
  snippet: id,
  score: 1,
  match: ['words'],
  similarity: null,
});

/** A one-hit keyword answer to `query`. */
const answer = (query: string): HybridResult => ({
  hits: [hit(query)],
  total: 1,
  expression: query,
  semantic: false,
  order: 'relevance',
});

describe('MemorySearch', () => {
  /** A search over a store whose hybridSearch answers `hits(query)` after `delay(query)` ms. */
  function searching(delay: (query: string) => number = () => 0) {
    const store = fakeStore({
      'memories.hybridSearch': async ({ query }, ctx) => {
        await new Promise((r) => setTimeout(r, delay(query)));
        ctx.signal.throwIfAborted();
        return answer(query);
      },
    });
    const search = new MemorySearch(store.ref, new ModelsState(fakeEmbedder([])));
    return { store, search };
  }

  it('searches once after typing pauses, keyword-only without a model', async () => {
    const { store, search } = searching();
    for (const q of ['m', 'mi', 'mil', 'milk']) search.input(q);
    await vi.waitFor(() => expect(search.status).toBe('done'));
    expect(store.argsOf('memories.hybridSearch')).toEqual([
      { query: 'milk', limit: 50, offset: 0, vector: null, model: null },
    ]);
    expect(search.hits.map((h) => h.memory.id)).toEqual(['milk']);
    expect(search.shown).toBe('milk');
  });

  it('cancels a running query when a newer one starts, so results never arrive out of order', async () => {
    const cancelled: string[] = [];
    const store = fakeStore({
      'memories.hybridSearch': async ({ query }, ctx) => {
        await new Promise((r) => setTimeout(r, query === 'slow' ? 300 : 0));
        if (ctx.signal.aborted) cancelled.push(query);
        return answer(query);
      },
    });
    const search = new MemorySearch(store.ref, new ModelsState(fakeEmbedder([])));
    search.input('slow');
    const slow = search.run();
    await vi.waitFor(() => expect(store.argsOf('memories.hybridSearch')).toHaveLength(1));
    search.input('fast');
    await search.run();
    await slow;
    expect(search.shown).toBe('fast');
    // The slow call was cancelled in the worker, and its late answer is not shown.
    await vi.waitFor(() => expect(cancelled).toEqual(['slow']));
    expect(search.hits.map((h) => h.memory.id)).toEqual(['fast']);
    expect(search.status).toBe('done');
  });

  it('shows a failed search as an error and recovers on the next query', async () => {
    const store = fakeStore({
      'memories.hybridSearch': ({ query }) => {
        if (query === 'boom') throw new KianaError('storage-unavailable', 'gone');
        return answer(query);
      },
    });
    const search = new MemorySearch(store.ref, new ModelsState(fakeEmbedder([])));
    search.input('boom');
    await search.run();
    expect(search.status).toBe('error');
    expect(search.error).toMatchObject({ code: 'storage-unavailable' });
    search.input('ok');
    await search.run();
    expect(search.status).toBe('done');
    expect(search.error).toBeNull();
  });

  it('refreshes the shown results when memories change in any tab', async () => {
    const { store, search } = searching();
    search.input('milk');
    await search.run();
    store.emit('memories.changed', { ids: [], kind: 'sync', all: true });
    await vi.waitFor(() => expect(store.argsOf('memories.hybridSearch')).toHaveLength(2));
  });

  it('embeds a query once: a refresh after a change reuses the shown vector, a new query does not', async () => {
    const store = fakeStore({
      'memories.search': ({ query }) => answer(query),
      'memories.hybridSearch': ({ query }) => ({ ...answer(query), semantic: true }),
    });
    const embedder = fakeEmbedder([
      {
        'embed.load': () => info,
        'embed.run': ({ texts }) => embedded(texts.length),
      },
    ]);
    const search = new MemorySearch(store.ref, withModel(embedder));
    search.input('milk');
    await search.run();
    store.emit('memories.changed', { ids: [], kind: 'sync', all: true });
    await vi.waitFor(() => expect(store.argsOf('memories.hybridSearch')).toHaveLength(2));
    const runs = () => embedder.started[0]?.argsOf('embed.run').map((a) => a.texts);
    expect(runs()).toEqual([['milk']]);
    expect(store.argsOf('memories.hybridSearch')[1]?.vector).toEqual(new Float32Array([0.5, 0.5]));
    search.input('milk tea');
    await search.run();
    expect(runs()).toEqual([['milk'], ['milk tea']]);
  });

  it('embeds the query from the keystroke on, inside the pause, the newest query only', async () => {
    // Only the pause's timer is faked, so the test decides when it ends; the fake workers talk
    // over real MessageChannels.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const store = fakeStore({
        'memories.search': ({ query }) => answer(query),
        'memories.hybridSearch': ({ query }) => ({ ...answer(query), semantic: true }),
      });
      const releases: (() => void)[] = [];
      const embedder = fakeEmbedder([
        {
          'embed.load': () => info,
          'embed.run': async ({ texts }) => {
            await new Promise<void>((resolve) => releases.push(resolve));
            return embedded(texts.length, texts[0]?.length ?? 0);
          },
        },
      ]);
      const runs = () => embedder.started[0]?.argsOf('embed.run').map((a) => a.texts) ?? [];
      const search = new MemorySearch(store.ref, withModel(embedder));
      for (const q of ['m', 'mi', 'mil', 'milk']) search.input(q);
      await until(() => runs().length === 1);
      releases.shift()?.();
      // 'mi' and 'mil' were typed past while 'm' ran: only 'milk' follows, inside the pause.
      await until(() => runs().length === 2);
      expect(runs()).toEqual([['m'], ['milk']]);
      expect(store.argsOf('memories.search')).toEqual([]);
      releases.shift()?.();
      vi.advanceTimersByTime(DEBOUNCE_MS);
      await until(() => search.status === 'done');
      expect(runs()).toEqual([['m'], ['milk']]);
      expect(store.argsOf('memories.hybridSearch')[0]).toMatchObject({
        query: 'milk',
        vector: new Float32Array([4, 4]),
      });
    } finally {
      vi.useRealTimers();
    }
  });

  /** A store holding `n` hits for any query, answered page by page. */
  function paged(n: number) {
    const all = Array.from({ length: n }, (_, i) => hit(`m${i}`));
    const store = fakeStore({
      'memories.hybridSearch': ({ query, limit, offset }) => ({
        hits: all.slice(offset, offset + limit),
        total: all.length,
        expression: query,
        semantic: false,
        order: 'relevance',
      }),
    });
    return { store, search: new MemorySearch(store.ref, new ModelsState(fakeEmbedder([]))) };
  }

  it('says how many hits there are and loads them page by page', async () => {
    const { store, search } = paged(120);
    search.input('milk');
    await search.run();
    expect(search.total).toBe(120);
    expect(search.hits).toHaveLength(50);
    expect(search.hasMore).toBe(true);
    await search.loadMore();
    await search.loadMore();
    expect(search.hits.map((h) => h.memory.id)).toEqual(
      Array.from({ length: 120 }, (_, i) => `m${i}`),
    );
    expect(search.hasMore).toBe(false);
    await search.loadMore();
    expect(store.argsOf('memories.hybridSearch').map((a) => [a.offset, a.limit])).toEqual([
      [0, 50],
      [50, 50],
      [100, 50],
    ]);
  });

  it('keeps the loaded pages when memories change, and a new query starts at the top', async () => {
    const { store, search } = paged(120);
    search.input('milk');
    await search.run();
    await search.loadMore();
    store.emit('memories.changed', { ids: [], kind: 'sync', all: true });
    await vi.waitFor(() => expect(store.argsOf('memories.hybridSearch')).toHaveLength(3));
    expect(store.argsOf('memories.hybridSearch')[2]).toMatchObject({ offset: 0, limit: 100 });
    await vi.waitFor(() => expect(search.hits).toHaveLength(100));
    search.input('bread');
    await search.run();
    expect(search.hits).toHaveLength(50);
    expect(store.argsOf('memories.hybridSearch')[3]).toMatchObject({ query: 'bread', offset: 0 });
  });
});
