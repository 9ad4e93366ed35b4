import { describe, expect, it } from 'vitest';
import { fuseRankings } from '../../../src/core/search/rrf.ts';

describe('Reciprocal Rank Fusion', () => {
  it('sums 1 / (60 + rank) and marks where each result came from', () => {
    const fused = fuseRankings({ words: ['a', 'b', 'c'], meaning: ['c', 'd'] });
    expect(fused).toEqual([
      { id: 'c', score: 1 / 63 + 1 / 61, match: 'both', wordsRank: 3, meaningRank: 1 },
      { id: 'a', score: 1 / 61, match: 'words', wordsRank: 1 },
      { id: 'b', score: 1 / 62, match: 'words', wordsRank: 2 },
      { id: 'd', score: 1 / 62, match: 'meaning', meaningRank: 2 },
    ]);
  });

  it('puts a result both rankings agree on above one that tops only one of them', () => {
    const words = ['solo', 'x1', 'x2', 'shared'];
    const meaning = ['y1', 'y2', 'shared', 'y3'];
    expect(fuseRankings({ words, meaning })[0]).toMatchObject({ id: 'shared', match: 'both' });
  });

  it('a small k lets the head of one list win; k is configurable', () => {
    const rankings = { words: ['top', 'x1', 'x2', 'shared'], meaning: ['y1', 'y2', 'shared'] };
    expect(fuseRankings(rankings, { k: 1 })[0]?.id).toBe('top');
    expect(fuseRankings(rankings)[0]?.id).toBe('shared');
  });

  it('equal scores fall back to the better single rank, then to the id', () => {
    const fused = fuseRankings({ words: ['w1', 'w2'], meaning: ['m1', 'm2'] });
    expect(fused.map((h) => h.id)).toEqual(['m1', 'w1', 'm2', 'w2']);
  });

  it('a repeated id counts once, at its first rank; limit cuts the list', () => {
    const fused = fuseRankings({ words: ['a', 'a', 'b'], meaning: [] }, { limit: 1 });
    expect(fused).toEqual([{ id: 'a', score: 1 / 61, match: 'words', wordsRank: 1 }]);
  });

  it('one empty ranking leaves the other in order: keyword search works without a model', () => {
    const fused = fuseRankings({ words: ['c', 'a', 'b'], meaning: [] });
    expect(fused.map((h) => [h.id, h.match])).toEqual([
      ['c', 'words'],
      ['a', 'words'],
      ['b', 'words'],
    ]);
    expect(fuseRankings({ words: [], meaning: [] })).toEqual([]);
  });

  it('refuses a k that is not a positive number', () => {
    for (const k of [0, -1, Number.NaN, Infinity]) {
      expect(() => fuseRankings({ words: ['a'], meaning: [] }, { k })).toThrow(/positive/);
    }
  });
});
