/**
 * Which language a memory is in, German or English, to pick the voice that reads it. Short
 * function words and German letters decide; a text with no clear lead (a name, a number) is
 * read in the UI language.
 */
export type SpeechLang = 'de' | 'en';

const DE = new Set(
  'der die das und ist nicht ein eine einen mit auf für von zu den dem des ich du wir sie es im bei noch auch aber oder wenn dass sich nach wie was heute morgen'.split(
    ' ',
  ),
);
const EN = new Set(
  'the and is not a an with on for of to in it i you we they this that be are was at or but if my your what how today tomorrow'.split(
    ' ',
  ),
);

export function detectLanguage(text: string, fallback: SpeechLang): SpeechLang {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  let de = /[äöüß]/i.test(text) ? 2 : 0;
  let en = 0;
  for (const w of words) {
    if (DE.has(w)) de++;
    if (EN.has(w)) en++;
  }
  if (de === en) return fallback;
  return de > en ? 'de' : 'en';
}
