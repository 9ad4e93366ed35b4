/**
 * Whisper's known inventions: on silence, music or noise it tends to emit phrases it saw most
 * in its training subtitles ("Untertitelung des ZDF, 2020", "Thanks for watching!"). A sentence
 * that is one of them (give or take punctuation, case and a year) is dropped from a transcript.
 * Only whole sentences are matched, so a person who says "thanks for watching the kids" keeps it.
 */

/** Normalised forms of the known phrases (lower case, letters, digits and single spaces). */
const KNOWN = [
  'untertitelung des zdf',
  'untertitelung im auftrag des zdf',
  'untertitel im auftrag des zdf',
  'untertitel von stephanie geiges',
  'untertitel der amara org community',
  'vielen dank fürs zuschauen',
  'vielen dank für ihre aufmerksamkeit',
  'danke fürs zuschauen',
  'bis zum nächsten mal',
  'das war s für heute',
  'abonniert den kanal',
  'thanks for watching',
  'thank you for watching',
  'thank you so much for watching',
  'please subscribe',
  'like and subscribe',
  'subscribe to my channel',
  'subtitles by the amara org community',
  'music',
  'musik',
  'applause',
  'silence',
];

/** Lower case; punctuation and symbols become spaces; years and "copyright" removed. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\b(?:19|20)\d\d\b/g, ' ')
    .replace(/\b(?:copyright|swr|wdr|ndr|br)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when `sentence` is nothing but a known invention (or nothing at all). */
export function isHallucination(sentence: string): boolean {
  const n = normalise(sentence);
  return n === '' || KNOWN.includes(n);
}

/** Splits into sentences, keeping their end marks. */
function sentences(text: string): string[] {
  return (
    text
      .match(/[^.!?…]+[.!?…]*/g)
      ?.map((s) => s.trim())
      .filter(Boolean) ?? []
  );
}

/** The text without its invented sentences, and what was dropped. */
export function dropHallucinations(text: string): { text: string; dropped: string[] } {
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const sentence of sentences(text))
    (isHallucination(sentence) ? dropped : kept).push(sentence);
  return { text: kept.join(' '), dropped };
}
