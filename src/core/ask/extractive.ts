/**
 * The answer without a model: the sentences of the retrieved memories that share most content
 * words with the question, best first, each with the ranges of the words it shares (to be
 * highlighted) and the number of the memory it comes from. So Ask always answers something
 * true, even on a device that cannot run a model.
 */
import { contentWords } from './query.ts';
import type { AskSource } from './types.ts';

/** One quoted passage: `n` is its source's citation number (1-based). */
export interface Passage {
  readonly n: number;
  readonly text: string;
  /** [start, end) character ranges of `text` that match the question's words. */
  readonly marks: readonly (readonly [number, number])[];
}

/** Passages an extractive answer shows at most. */
export const MAX_PASSAGES = 3;
/** A sentence longer than this is cut around its first match. */
const MAX_PASSAGE_CHARS = 280;

/** Splits a memory into sentences (and lines: notes are often lists). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Whether `word` (lower case) matches `term`: equal, or a prefix either way of 4+ letters. */
function matches(word: string, term: string): boolean {
  if (word === term) return true;
  const shorter = word.length < term.length ? word : term;
  const longer = shorter === word ? term : word;
  return shorter.length >= 4 && longer.startsWith(shorter);
}

function marksOf(text: string, terms: readonly string[]): [number, number][] {
  const marks: [number, number][] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = m[0].toLowerCase();
    if (terms.some((t) => matches(word, t))) marks.push([m.index, m.index + m[0].length]);
  }
  return marks;
}

/**
 * The best passages of `sources` (ranked best first) for `question`. Sentences are scored by the
 * distinct question words they hold, ties going to the better-ranked memory; with no word in
 * common, the best-ranked memories' first sentences stand (retrieval by meaning found them).
 */
export function extractiveAnswer(question: string, sources: readonly AskSource[]): Passage[] {
  const terms = contentWords(question);
  const scored: { n: number; text: string; score: number; order: number }[] = [];
  sources.forEach((source, i) => {
    sentences(source.text).forEach((sentence, j) => {
      const words = new Set((sentence.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) as string[]);
      const score = terms.filter((t) => [...words].some((w) => matches(w, t))).length;
      scored.push({ n: i + 1, text: sentence, score, order: i * 1000 + j });
    });
  });
  const hits = scored.filter((s) => s.score > 0);
  const chosen = (hits.length > 0 ? hits : scored.filter((s) => s.order % 1000 === 0))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, MAX_PASSAGES);
  return chosen.map(({ n, text }) => {
    const marks = marksOf(text, terms);
    if (text.length <= MAX_PASSAGE_CHARS) return { n, text, marks };
    const start = Math.max(0, (marks[0]?.[0] ?? 0) - 40);
    const piece = `${start > 0 ? '… ' : ''}${text.slice(start, start + MAX_PASSAGE_CHARS)} …`;
    return { n, text: piece, marks: marksOf(piece, terms) };
  });
}

/** The plain text of an extractive answer (for reading aloud and the conversation's context). */
export function passagesText(passages: readonly Passage[]): string {
  return passages.map((p) => `${p.text} [${p.n}]`).join('\n');
}
