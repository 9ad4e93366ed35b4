import { describe, expect, it } from 'vitest';
import { ExactIndex } from '../../../src/core/search/exact-index.ts';
import { HnswIndex } from '../../../src/core/search/hnsw-index.ts';
import { IndexConversion } from '../../../src/core/search/conversion.ts';
import { EXACT_LIMIT, chooseKind, loadVectorIndex } from '../../../src/core/search/select.ts';
import { uniformVectors } from './data.ts';

describe('choosing a vector index', () => {
  it('searches exactly up to the limit and uses the graph beyond', () => {
    expect(chooseKind(0)).toBe('exact');
    expect(chooseKind(EXACT_LIMIT)).toBe('exact');
    expect(chooseKind(EXACT_LIMIT + 1)).toBe('hnsw');
  });

  it('a graph stays a graph until the collection halves (no flapping at the limit)', () => {
    expect(chooseKind(EXACT_LIMIT - 1, 'hnsw')).toBe('hnsw');
    expect(chooseKind(EXACT_LIMIT / 2 - 1, 'hnsw')).toBe('exact');
    expect(chooseKind(EXACT_LIMIT + 1, 'exact')).toBe('hnsw');
  });

  it('converts a small graph to an exact index holding the same vectors', () => {
    const graph = new HnswIndex(8);
    const vectors = uniformVectors(20, 8, 4);
    vectors.forEach((v, i) => graph.upsert(`v${i}`, v));
    const conversion = new IndexConversion(graph, chooseKind(graph.size, graph.kind));
    expect(conversion.step(graph, 100)).toBe(true);
    const exact = conversion.target;
    expect(exact.kind).toBe('exact');
    expect(exact.ids().sort()).toEqual(graph.ids().sort());
    expect(exact.vector('v3')).toEqual(graph.vector('v3'));
    expect(chooseKind(new ExactIndex(8).size, 'exact')).toBe('exact');
  });

  it('loads either kind from its bytes and refuses others', () => {
    const exact = new ExactIndex(3);
    exact.upsert('a', [1, 2, 3]);
    const graph = new HnswIndex(3);
    graph.upsert('b', [3, 2, 1]);
    expect(loadVectorIndex(exact.serialize()).kind).toBe('exact');
    expect(loadVectorIndex(graph.serialize()).ids()).toEqual(['b']);
    const bad = exact.serialize();
    bad[5] = 9;
    expect(() => loadVectorIndex(bad)).toThrow(
      expect.objectContaining({ code: 'vector-index-corrupt' }),
    );
  });
});
