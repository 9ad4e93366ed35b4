/**
 * espeak-ng phonemizes a text clause by clause, one output line per clause, and drops the
 * punctuation that ended each. Piper voices were trained with that punctuation as phonemes (a
 * question sounds like one), so it is put back: the marks that end clauses are read from the
 * text in order (a mark followed by white space or the end, so "3,50" and "z.B." inside a word
 * do not count) and matched to the lines. Clauses are then grouped into sentences, the unit
 * Kiana synthesizes and plays one after the other.
 */

/** Marks that end a clause, in text order; sentence ends are `.`, `!`, `?`. */
export function clauseMarks(text: string): string[] {
  return [...text.matchAll(/([.,;:!?…]+)(?=\s|$)/gu)].map((m) => lastMark(m[1] as string));
}

/** One mark for a run such as `?!` or `...`: a question wins, then an exclamation. */
function lastMark(run: string): string {
  if (run.includes('?')) return '?';
  if (run.includes('!')) return '!';
  const last = run.at(-1) as string;
  return last === '…' ? '.' : last;
}

const SENTENCE_END = new Set(['.', '!', '?']);

/**
 * Joins espeak's clause lines into sentences of phonemes with their punctuation. When the marks
 * do not line up with the lines (espeak split somewhere else), every clause ends with `.` rather
 * than borrowing a wrong mark.
 */
export function sentencesOf(lines: readonly string[], marks: readonly string[]): string[] {
  const clauses = lines.map((l) => l.trim()).filter((l) => l.length > 0);
  const aligned = marks.length === clauses.length || marks.length === clauses.length - 1;
  const sentences: string[] = [];
  let current = '';
  clauses.forEach((clause, i) => {
    const mark = aligned ? (marks[i] ?? '.') : '.';
    current = current ? `${current} ${clause}${mark}` : `${clause}${mark}`;
    if (!aligned || SENTENCE_END.has(mark)) {
      sentences.push(current);
      current = '';
    }
  });
  if (current) sentences.push(current);
  return sentences;
}
