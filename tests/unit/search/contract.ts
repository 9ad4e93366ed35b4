/**
 * The behaviour every VectorIndex promises, run against each implementation (as automerge-repo
 * runs one suite against every adapter). Small seeded data, so each run sees the same vectors.
 */
import { describe, expect, it } from 'vitest';
import { KianaError, type ErrorCode } from '@kiana/shared/errors';
import type { VectorIndex } from '../../../src/core/search/vector-index.ts';
import { bruteForce, clusteredVectors, uniformVectors, unit } from './data.ts';

export interface ContractSubject {
  name: string;
  create(dims: number): VectorIndex;
  load(bytes: Uint8Array): VectorIndex;
  /** The other implementation's loader: must refuse these bytes. */
  loadOther(bytes: Uint8Array): unknown;
}

const DIMS = 24;

function codeOf(action: () => unknown): ErrorCode | 'no error' | 'not a KianaError' {
  try {
    action();
    return 'no error';
  } catch (error) {
    return error instanceof KianaError ? error.code : 'not a KianaError';
  }
}

function filled(subject: ContractSubject, count: number, seed = 7): VectorIndex {
  const index = subject.create(DIMS);
  uniformVectors(count, DIMS, seed).forEach((v, i) => index.upsert(`v${i}`, v));
  return index;
}

export function vectorIndexContract(subject: ContractSubject): void {
  describe(`${subject.name}: the VectorIndex contract`, () => {
    it('an empty index has size 0 and finds nothing', () => {
      const index = subject.create(DIMS);
      expect(index.size).toBe(0);
      expect(index.search(uniformVectors(1, DIMS, 1)[0] ?? [], 10)).toEqual([]);
      expect(index.remove('nothing')).toBe(false);
    });

    it('a query equal to a stored vector ranks it first with cosine 1', () => {
      const vectors = uniformVectors(200, DIMS, 3);
      const index = subject.create(DIMS);
      vectors.forEach((v, i) => index.upsert(`v${i}`, v));
      for (const i of [0, 57, 199]) {
        const [top] = index.search(vectors[i] ?? [], 3);
        expect(top?.id).toBe(`v${i}`);
        expect(top?.score).toBeCloseTo(1, 5);
      }
    });

    it('scores are cosine similarities of the normalized vectors, whatever their length', () => {
      const index = subject.create(2);
      index.upsert('east', [10, 0]);
      index.upsert('north-east', [0.5, 0.5]);
      index.upsert('west', [-3, 0]);
      const hits = index.search([2, 0], 3);
      expect(hits.map((h) => h.id)).toEqual(['east', 'north-east', 'west']);
      expect(hits.map((h) => h.score)).toEqual([
        expect.closeTo(1, 6),
        expect.closeTo(Math.SQRT1_2, 6),
        expect.closeTo(-1, 6),
      ]);
      expect(Array.from(index.vector('west') ?? [])).toEqual([-1, 0]);
    });

    it('returns the same top 10 as a brute-force float scan', () => {
      const vectors = clusteredVectors(400, { dims: DIMS, clusters: 8, spread: 0.6, seed: 5 });
      const ids = vectors.map((_, i) => `c${i}`);
      const index = subject.create(DIMS);
      vectors.forEach((v, i) => index.upsert(ids[i] ?? '', v));
      for (const query of clusteredVectors(20, { dims: DIMS, clusters: 8, spread: 0.6, seed: 5 })) {
        const expected = bruteForce(vectors, ids, query, 10);
        const got = index.search(query, 10);
        expect(got.map((h) => h.id)).toEqual(expected.map((h) => h.id));
        got.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]?.score ?? NaN, 6));
      }
    });

    it('upsert of a known id replaces its vector and keeps the size', () => {
      const index = filled(subject, 50);
      const [fresh] = uniformVectors(1, DIMS, 99);
      index.upsert('v10', fresh ?? []);
      expect(index.size).toBe(50);
      expect(index.search(fresh ?? [], 1)[0]?.id).toBe('v10');
      expect(Array.from(index.vector('v10') ?? [])).toEqual(Array.from(unit(fresh ?? [])));
      const old = uniformVectors(50, DIMS, 7)[10] ?? [];
      expect(index.search(old, 1)[0]?.id).not.toBe('v10');
    });

    it('remove forgets an id; it can come back', () => {
      const vectors = uniformVectors(60, DIMS, 7);
      const index = filled(subject, 60);
      expect(index.remove('v5')).toBe(true);
      expect(index.remove('v5')).toBe(false);
      expect(index.size).toBe(59);
      expect(index.has('v5')).toBe(false);
      expect(index.vector('v5')).toBeUndefined();
      expect(index.search(vectors[5] ?? [], 59).map((h) => h.id)).not.toContain('v5');
      index.upsert('v5', vectors[5] ?? []);
      expect(index.search(vectors[5] ?? [], 1)[0]?.id).toBe('v5');
    });

    it('removing most ids leaves the rest findable', () => {
      const vectors = uniformVectors(120, DIMS, 11);
      const index = subject.create(DIMS);
      vectors.forEach((v, i) => index.upsert(`v${i}`, v));
      for (let i = 0; i < 120; i++) if (i % 4 !== 0) index.remove(`v${i}`);
      expect(index.size).toBe(30);
      expect(index.ids().sort()).toEqual(Array.from({ length: 30 }, (_, i) => `v${i * 4}`).sort());
      for (let i = 0; i < 120; i += 4) {
        expect(index.search(vectors[i] ?? [], 1)[0]?.id).toBe(`v${i}`);
      }
      for (let i = 0; i < 120; i += 4) index.remove(`v${i}`);
      expect(index.size).toBe(0);
      expect(index.search(vectors[0] ?? [], 5)).toEqual([]);
    });

    it('k larger than the index returns every id, best first; k = 0 returns none', () => {
      const index = filled(subject, 7);
      const query = uniformVectors(1, DIMS, 42)[0] ?? [];
      const hits = index.search(query, 100);
      expect(hits).toHaveLength(7);
      const scores = hits.map((h) => h.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(index.search(query, 0)).toEqual([]);
    });

    it('equal scores are ordered by id', () => {
      const index = subject.create(3);
      for (const id of ['d', 'b', 'a', 'c']) index.upsert(id, [1, 2, 3]);
      expect(index.search([1, 2, 3], 4).map((h) => h.id)).toEqual(['a', 'b', 'c', 'd']);
    });

    it('refuses vectors of the wrong length, non-finite or zero vectors, and a bad k', () => {
      const index = filled(subject, 10);
      expect(codeOf(() => index.upsert('x', new Float32Array(DIMS + 1)))).toBe('vector-invalid');
      expect(codeOf(() => index.upsert('x', new Float32Array(DIMS)))).toBe('vector-invalid');
      const nan = new Float32Array(DIMS).fill(1);
      nan[3] = Number.NaN;
      expect(codeOf(() => index.upsert('x', nan))).toBe('vector-invalid');
      expect(codeOf(() => index.search(new Float32Array(DIMS - 1).fill(1), 3))).toBe(
        'vector-invalid',
      );
      expect(codeOf(() => index.search(new Float32Array(DIMS).fill(1), -1))).toBe('vector-invalid');
      expect(codeOf(() => index.upsert('v3', [1, 2]))).toBe('vector-invalid');
      expect(index.size).toBe(10);
      expect(index.has('x')).toBe(false);
      expect(index.search(uniformVectors(10, DIMS, 7)[3] ?? [], 1)[0]?.id).toBe('v3');
      expect(codeOf(() => subject.create(0))).toBe('vector-invalid');
    });

    it('serialize → load gives the same ids, vectors and results, and stays updatable', () => {
      const index = filled(subject, 150);
      index.remove('v3');
      index.remove('v77');
      const back = subject.load(index.serialize());
      expect(back.kind).toBe(index.kind);
      expect(back.size).toBe(148);
      expect(back.ids().sort()).toEqual(index.ids().sort());
      expect(back.vector('v20')).toEqual(index.vector('v20'));
      for (const query of uniformVectors(5, DIMS, 8)) {
        expect(back.search(query, 10)).toEqual(index.search(query, 10));
      }
      const [fresh] = uniformVectors(1, DIMS, 1234);
      back.upsert('new', fresh ?? []);
      back.remove('v4');
      expect(back.search(fresh ?? [], 1)[0]?.id).toBe('new');
      expect(subject.load(back.serialize()).size).toBe(148);
      expect(subject.load(subject.create(5).serialize()).size).toBe(0);
    });

    it('refuses damaged bytes with vector-index-corrupt', () => {
      const bytes = filled(subject, 40).serialize();
      const flipped = (at: number): Uint8Array => {
        const copy = bytes.slice();
        copy[at] = (copy[at] ?? 0) ^ 0x10;
        return copy;
      };
      const damaged = [
        new Uint8Array(0),
        bytes.subarray(0, 19),
        bytes.subarray(0, bytes.length - 1),
        Uint8Array.from([...bytes, 0]),
        flipped(0), // magic
        flipped(4), // version
        flipped(9), // dims
        flipped(13), // payload length
        flipped(17), // checksum
        flipped(30),
        flipped(Math.floor(bytes.length / 2)),
        flipped(bytes.length - 1),
      ];
      for (const bad of damaged)
        expect(codeOf(() => subject.load(bad))).toBe('vector-index-corrupt');
      expect(codeOf(() => subject.loadOther(bytes))).toBe('vector-index-corrupt');
    });
  });
}
