import { describe, expect, it } from 'vitest';
import { ExactIndex } from '../../../src/core/search/exact-index.ts';
import { HnswIndex } from '../../../src/core/search/hnsw-index.ts';
import { jsKernels } from '../../../src/core/search/kernels.ts';
import { vectorIndexContract } from './contract.ts';
import { bruteForce, clusteredVectors, uniformVectors } from './data.ts';

vectorIndexContract({
  name: 'ExactIndex',
  create: (dims) => new ExactIndex(dims),
  load: (bytes) => ExactIndex.load(bytes),
  loadOther: (bytes) => HnswIndex.load(bytes),
});

vectorIndexContract({
  name: 'ExactIndex on the JS kernels',
  create: (dims) => new ExactIndex(dims, { kernels: jsKernels() }),
  load: (bytes) => ExactIndex.load(bytes, { kernels: jsKernels() }),
  loadOther: (bytes) => HnswIndex.load(bytes, { kernels: jsKernels() }),
});

describe('ExactIndex', () => {
  it('runs on the SIMD kernels in Node', () => {
    expect(new ExactIndex(8).kernelName).toBe('wasm-simd');
  });

  it('is exact despite int8 scanning: tight clusters of 384-d vectors, k of 1, 10 and 100', () => {
    // Tight clusters make many scores differ by less than the int8 error, so a plain int8
    // ranking would get some of these wrong; the bounded re-rank must not.
    const spec = { dims: 384, clusters: 4, spread: 0.15, seed: 21 };
    const vectors = clusteredVectors(2000, spec);
    const ids = vectors.map((_, i) => `m${i}`);
    const index = new ExactIndex(384);
    vectors.forEach((v, i) => index.upsert(ids[i] ?? '', v));
    for (const query of clusteredVectors(6, { ...spec, seed: 22 })) {
      for (const k of [1, 10, 100]) {
        expect(index.search(query, k).map((h) => h.id)).toEqual(
          bruteForce(vectors, ids, query, k).map((h) => h.id),
        );
      }
    }
  }, 60_000);

  it('accepts any length up to 4096, padding to the SIMD lane', () => {
    for (const dims of [2, 15, 17, 4096]) {
      const vectors = uniformVectors(30, dims, dims);
      const index = new ExactIndex(dims);
      vectors.forEach((v, i) => index.upsert(`v${i}`, v));
      expect(index.search(vectors[12] ?? [], 1)[0]?.id).toBe('v12');
    }
    // One dimension: every vector is +1 or −1, so the top score is 1, the tie broken by id.
    const line = new ExactIndex(1);
    [-2, 3, 0.5, -1].forEach((x, i) => line.upsert(`v${i}`, [x]));
    expect(line.search([7], 4).map((h) => [h.id, h.score])).toEqual([
      ['v1', 1],
      ['v2', 1],
      ['v0', -1],
      ['v3', -1],
    ]);
  });

  it('loads only ids of the form the caller checks', () => {
    const index = new ExactIndex(4);
    index.upsert('ok-1', [1, 0, 0, 0]);
    index.upsert('bad', [0, 1, 0, 0]);
    const isOk = (value: string): value is `ok-${string}` => value.startsWith('ok-');
    expect(() => ExactIndex.load(index.serialize(), { isId: isOk })).toThrow(
      expect.objectContaining({ code: 'vector-index-corrupt' }),
    );
  });
});
