/**
 * The keyword half of Ask's retrieval: a question ("Wann ist der Zahnarzttermin?") is not a
 * search-box query, whose words are ANDed; its content words are ORed instead, so a memory that
 * holds some of them is found, and BM25 ranks those with more and rarer words first. The
 * meaning half (the question's embedding) is added by the caller as for search.
 */
import { MAX_TERMS } from '../memory/fts-query.ts';

/** Words that carry no topic in a question (German and English). */
const STOP = new Set(
  `a an and are as at be but by can could did do does for from had has have how i if in is it its me
my of on or our so than that the their them then there these they this to was we were what when
where which who why will with would you your about any some please tell know
der die das den dem des ein eine einen einem einer und oder aber ist sind war waren wird werden hat
haben hatte ich du er sie es wir ihr mein meine dein deine sein seine kann können soll sollte muss
mit von zu zum zur im in am an auf aus bei für nach über unter vor wie was wann wo wer warum welche
welcher welches wieso weshalb noch schon auch nicht kein keine mir mich dir dich uns euch bitte sag
sage weißt weiss gibt es`.split(/\s+/),
);

/** Content words of `question`, lower case, each once, in order. */
export function contentWords(question: string): string[] {
  const words = question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const seen = new Set<string>();
  for (const w of words) {
    if (w.length < 2 || STOP.has(w)) continue;
    seen.add(w);
  }
  return [...seen];
}

/**
 * The search-box query (src/core/memory/fts-query.ts syntax) that finds memories holding any
 * content word of `question`; words longer than five letters also match as prefixes
 * ("Zahnarzt" finds "Zahnarzttermin"). Empty when the question has no content words.
 */
export function retrievalQuery(question: string): string {
  return contentWords(question)
    .slice(0, MAX_TERMS)
    .map((w) => (w.length > 5 ? `${w}*` : w))
    .join(' OR ');
}
