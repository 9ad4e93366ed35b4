/**
 * Reciprocal Rank Fusion (Cormack, Clarke & Büttcher, 2009): a result's fused score is the sum of
 * 1 / (k + rank) over the rankings it appears in, rank counted from 1. Ranks, not scores, are
 * fused, so BM25 and cosine similarity need no common scale; k = 60 damps the head of each list
 * as in the paper. Each fused result says which ranking found it.
 */
import { KianaError } from '@kiana/shared/errors';

/** How a result was found: by its meaning (vector search), its words (full text) or both. */
export type MatchedBy = 'meaning' | 'words' | 'both';

export interface FusedHit<Id extends string = string> {
  readonly id: Id;
  /** Sum of 1 / (k + rank) over the rankings that hold the id. */
  readonly score: number;
  readonly match: MatchedBy;
  /** 1-based rank in the keyword ranking, when it is there. */
  readonly wordsRank?: number;
  /** 1-based rank in the vector ranking, when it is there. */
  readonly meaningRank?: number;
}

export interface FusionOptions {
  /** The damping constant; 60 by default. */
  k?: number;
  /** At most this many results; all by default. */
  limit?: number;
}

/** First rank of each id in `ranking` (a repeated id keeps its best rank). */
function ranks<Id extends string>(ranking: readonly Id[]): Map<Id, number> {
  const out = new Map<Id, number>();
  ranking.forEach((id, i) => {
    if (!out.has(id)) out.set(id, i + 1);
  });
  return out;
}

/**
 * Fuses a keyword ranking and a vector ranking (each best first) into one list, best first.
 * Equal scores fall back to the better single rank, then to the id, so the order is total.
 */
export function fuseRankings<Id extends string>(
  rankings: { readonly words: readonly Id[]; readonly meaning: readonly Id[] },
  options: FusionOptions = {},
): FusedHit<Id>[] {
  const k = options.k ?? 60;
  if (!(k > 0 && Number.isFinite(k))) {
    throw new KianaError('internal', `RRF k must be a positive number, not ${k}`);
  }
  const words = ranks(rankings.words);
  const meaning = ranks(rankings.meaning);
  const fused: (FusedHit<Id> & { best: number })[] = [];
  for (const id of new Set([...words.keys(), ...meaning.keys()])) {
    const w = words.get(id);
    const m = meaning.get(id);
    const score = (w === undefined ? 0 : 1 / (k + w)) + (m === undefined ? 0 : 1 / (k + m));
    const match: MatchedBy = w === undefined ? 'meaning' : m === undefined ? 'words' : 'both';
    fused.push({
      id,
      score,
      match,
      best: Math.min(w ?? Infinity, m ?? Infinity),
      ...(w === undefined ? {} : { wordsRank: w }),
      ...(m === undefined ? {} : { meaningRank: m }),
    });
  }
  fused.sort((a, b) => b.score - a.score || a.best - b.best || (a.id < b.id ? -1 : 1));
  return fused.slice(0, options.limit ?? fused.length).map(({ best: _best, ...hit }) => hit);
}
