/**
 * The store keeps the words of the last search for the fused search that follows it (the Search
 * view asks for both, the words while the query is embedded). Kept words must never outlive a
 * change: a memory saved, edited or deleted between the two calls shows in the fused page.
 */
import { describe, expect, it } from 'vitest';
import type { MemoryId } from '@kiana/shared/ids';
import type { SearchResult } from '../../../src/core/memory/types.ts';
import { WordsCache } from '../../../workers/store/words-cache.ts';
import { openTestStore } from './sqlite-node.ts';

const none: SearchResult = { hits: [], total: 0, expression: null, order: 'relevance' };

describe('the words cache', () => {
  it('answers only the same query, limit and offset again, until cleared', async () => {
    const cache = new WordsCache();
    let runs = 0;
    const search = () => {
      runs++;
      return Promise.resolve({ ...none, total: runs });
    };
    expect((await cache.get({ query: 'apple', limit: 50 }, search)).total).toBe(1);
    expect((await cache.get({ query: 'apple', limit: 50, offset: 0 }, search)).total).toBe(1);
    expect((await cache.get({ query: 'apple ', limit: 50 }, search)).total).toBe(2);
    expect((await cache.get({ query: 'apple ', limit: 51 }, search)).total).toBe(3);
    expect((await cache.get({ query: 'apple ', limit: 51, offset: 50 }, search)).total).toBe(4);
    cache.clear();
    expect((await cache.get({ query: 'apple ', limit: 51, offset: 50 }, search)).total).toBe(5);
  });

  it('a save, an edit or a delete between the words and the fused search shows in the fused page', async () => {
    const { store } = await openTestStore();
    const put = (id: string, text: string) =>
      store.put({ id: id as MemoryId, text, source: 'typed', tags: [] });
    const fused = async (query: string) =>
      (
        await store.hybridSearch({ query, limit: 50, offset: 0, vector: null, model: null })
      ).hits.map((h) => h.memory.id);
    await put('a', 'an apple a day');
    expect((await store.search({ query: 'apple', limit: 50, offset: 0 })).total).toBe(1);
    await put('b', 'apple pie on Sunday');
    expect((await fused('apple')).sort()).toEqual(['a', 'b']);
    expect((await store.search({ query: 'apple', limit: 50, offset: 0 })).total).toBe(2);
    await store.edit({ id: 'a' as MemoryId, text: 'a pear a day' });
    expect(await fused('apple')).toEqual(['b']);
    await store.search({ query: 'apple', limit: 50, offset: 0 });
    await store.setDeleted('b' as MemoryId, true);
    expect(await fused('apple')).toEqual([]);
  });
});
