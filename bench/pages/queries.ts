/**
 * Search queries for the bench, chosen from the stored corpus itself so every kind has a known
 * selectivity: how many memories each query matches is counted here, by scanning the corpus.
 */
import { fold, seededRandom, words, type CorpusMemory } from './corpus.ts';

export const QUERY_KINDS = ['rare', 'common', 'veryCommon', 'prefix', 'phrase'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export interface QuerySet {
  readonly queries: readonly string[];
  /** Memories each query matches, in order. */
  readonly matches: readonly number[];
}

const PER_KIND = 20;

/** Raw (unfolded, lower-case) words of each sentence of a memory, to build phrases from. */
function sentences(text: string): string[][] {
  return text
    .split('.')
    .map((s) =>
      s
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w !== ''),
    )
    .filter((s) => s.length >= 2);
}

export function chooseQueries(
  memories: readonly CorpusMemory[],
  seed: number,
): Record<QueryKind, QuerySet> {
  const random = seededRandom(seed);
  const docs = memories.map((m) => ({
    folded: fold(m.text),
    words: new Set(words(`${m.text} ${m.tags.join(' ')}`)),
  }));
  const df = new Map<string, number>();
  for (const d of docs) for (const w of d.words) df.set(w, (df.get(w) ?? 0) + 1);
  const n = memories.length;
  const byDf = (lo: number, hi: number): string[] =>
    [...df].filter(([, c]) => c >= lo && c <= hi).map(([w]) => w);
  const sample = <T>(items: readonly T[], k: number): T[] =>
    Array.from({ length: k }, () => items[Math.floor(random() * items.length)] as T);
  const randomDoc = (): CorpusMemory => memories[Math.floor(random() * n)] as CorpusMemory;

  const prefixes: string[] = [];
  while (prefixes.length < PER_KIND) {
    // What a person has typed so far: the first four letters of a word, then search-as-you-type.
    const candidates = sentences(randomDoc().text)
      .flat()
      .filter((w) => w.length >= 6);
    const w = candidates[Math.floor(random() * candidates.length)];
    if (w !== undefined) prefixes.push(`${w.slice(0, 4)}*`);
  }
  const phrases: string[] = [];
  while (phrases.length < PER_KIND) {
    const s = sentences(randomDoc().text)[0];
    if (!s) continue;
    const i = Math.floor(random() * (s.length - 1));
    phrases.push(`"${s[i] ?? ''} ${s[i + 1] ?? ''}"`);
  }

  const matchWord = (q: string) => df.get(fold(q)) ?? 0;
  const matchPrefix = (q: string) => {
    const p = fold(q.slice(0, -1));
    return docs.filter((d) => [...d.words].some((w) => w.startsWith(p))).length;
  };
  const matchPhrase = (q: string) => {
    const p = fold(q.slice(1, -1));
    return docs.filter((d) => d.folded.includes(p)).length;
  };
  const set = (queries: string[], count: (q: string) => number): QuerySet => ({
    queries,
    matches: queries.map(count),
  });
  const top = [...df].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  return {
    rare: set(sample(byDf(2, 5), PER_KIND), matchWord),
    common: set(sample(byDf(Math.round(n * 0.005), Math.round(n * 0.02)), PER_KIND), matchWord),
    veryCommon: set(top.slice(0, 5), matchWord),
    prefix: set(prefixes, matchPrefix),
    phrase: set(phrases, matchPhrase),
  };
}
