/**
 * What the Search view sends for a query: with a model, the words are asked for while the query
 * is still being embedded (the store keeps them for the fused call); without one, one call.
 */
import { describe, expect, it, vi } from 'vitest';
import { sendSearch } from '../../../src/state/search-send.ts';
import { fakeStore } from './helpers.ts';

const empty = { hits: [], total: 0, expression: null, order: 'relevance' as const };

function store() {
  return fakeStore({
    'memories.search': () => empty,
    'memories.hybridSearch': () => ({ ...empty, semantic: false }),
  });
}

describe('sendSearch', () => {
  it('asks for the words before the embedding is done, then fuses with the vector', async () => {
    const fake = store();
    let embedded!: (v: { vectors: Float32Array; model: string }) => void;
    const embed = vi.fn(
      () => new Promise<{ vectors: Float32Array; model: string }>((r) => (embedded = r)),
    );
    const sent = sendSearch(
      { store: fake.ref(), embeds: true, embed },
      'milk',
      60,
      new AbortController().signal,
    );
    await vi.waitFor(() => expect(fake.argsOf('memories.search')).toHaveLength(1));
    expect(fake.argsOf('memories.search')[0]).toEqual({ query: 'milk', limit: 60, offset: 0 });
    expect(fake.argsOf('memories.hybridSearch')).toHaveLength(0);
    embedded({ vectors: new Float32Array([0.6, 0.8]), model: 'M/m@r/q8' });
    const { asked } = await sent;
    expect(asked).toEqual({
      query: 'milk',
      vector: new Float32Array([0.6, 0.8]),
      model: 'M/m@r/q8',
    });
    expect(fake.argsOf('memories.hybridSearch')).toEqual([
      {
        query: 'milk',
        limit: 60,
        offset: 0,
        vector: new Float32Array([0.6, 0.8]),
        model: 'M/m@r/q8',
      },
    ]);
  });

  it('sends one keyword call without a model', async () => {
    const fake = store();
    const { asked } = await sendSearch(
      { store: fake.ref(), embeds: false, embed: () => Promise.resolve(null) },
      'milk',
      50,
      new AbortController().signal,
    );
    expect(asked.vector).toBeNull();
    expect(fake.calls.map((c) => c.method)).toEqual(['memories.hybridSearch']);
  });
});
