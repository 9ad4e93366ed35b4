/**
 * Citations in an answer: the model is asked to cite sources as `[1]`, `[2]` (or `[1, 3]`);
 * the answer is split into text and citation parts so the UI can link each to its memory.
 * A number that names no source stays plain text: a model may make one up.
 */

/** A part of an answer: text as written, or a citation of source `n` (1-based). */
export type AnswerPart =
  { readonly kind: 'text'; readonly text: string } | { readonly kind: 'cite'; readonly n: number };

const CITE = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;

/** Splits `answer` into text and citations of sources 1..`sources`. */
export function parseCitations(answer: string, sources: number): AnswerPart[] {
  const parts: AnswerPart[] = [];
  let text = '';
  let last = 0;
  for (const match of answer.matchAll(CITE)) {
    const numbers = (match[1] ?? '').split(',').map((n) => Number(n.trim()));
    if (!numbers.every((n) => n >= 1 && n <= sources)) continue;
    text += answer.slice(last, match.index);
    if (text !== '') parts.push({ kind: 'text', text });
    text = '';
    for (const n of numbers) parts.push({ kind: 'cite', n });
    last = match.index + match[0].length;
  }
  text += answer.slice(last);
  if (text !== '') parts.push({ kind: 'text', text });
  return parts;
}

/** The distinct source numbers `answer` cites, in order of first citation. */
export function citedSources(answer: string, sources: number): number[] {
  const cited: number[] = [];
  for (const part of parseCitations(answer, sources)) {
    if (part.kind === 'cite' && !cited.includes(part.n)) cited.push(part.n);
  }
  return cited;
}
