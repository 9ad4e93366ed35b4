import { describe, expect, it } from 'vitest';
import { IndexConversion } from '../../../src/core/search/conversion.ts';
import { ExactIndex } from '../../../src/core/search/exact-index.ts';
import { uniformVectors } from './data.ts';

describe('converting an index a slice at a time', () => {
  it('ends with the same vectors as the source, changes during the conversion included', () => {
    const source = new ExactIndex(8);
    const vectors = uniformVectors(200, 8, 7);
    vectors.forEach((v, i) => source.upsert(`v${String(i).padStart(3, '0')}`, v));
    const conversion = new IndexConversion(source, 'hnsw');
    expect(conversion.target.kind).toBe('hnsw');
    expect(conversion.step(source, 50)).toBe(false);
    expect(conversion.target.size).toBe(50);
    expect(conversion.remaining).toBe(150);

    // While it runs the source changes: a new vector, a changed one (not yet copied), one gone
    // (already copied) and one gone (not yet copied). The owner passes each change on.
    const fresh = uniformVectors(3, 8, 99);
    const changes: [string, Float32Array | null][] = [
      ['new', fresh[0] as Float32Array],
      ['v150', fresh[1] as Float32Array],
      ['v010', null],
      ['v120', null],
    ];
    for (const [id, vector] of changes) {
      if (vector) {
        source.upsert(id, vector);
        conversion.upsert(id, vector);
      } else {
        source.remove(id);
        conversion.remove(id);
      }
    }
    let done = false;
    while (!done) done = conversion.step(source, 50);

    const target = conversion.target;
    expect(target.ids().sort()).toEqual(source.ids().sort());
    for (const id of source.ids()) {
      const a = target.vector(id) as Float32Array;
      const b = source.vector(id) as Float32Array;
      expect(Math.max(...a.map((x, i) => Math.abs(x - (b[i] as number))))).toBeLessThan(1e-6);
    }
    // And it searches: every vector finds itself first.
    for (const id of ['new', 'v150', 'v000', 'v199']) {
      expect(target.search(source.vector(id) as Float32Array, 1)[0]?.id).toBe(id);
    }
  });
});
