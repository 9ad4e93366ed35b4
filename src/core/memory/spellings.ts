/**
 * German spellings a reader treats as one word. FTS5's `unicode61 remove_diacritics 2` folds
 * "Müller" to "muller", but a person without umlauts on the keyboard types "mueller", and "ß" is
 * a letter of its own to the tokenizer ("strasse" never met "straße"). The index cannot learn
 * this (wa-sqlite offers no custom FTS5 tokenizer), so the query asks for every spelling instead.
 */

/** At most this many spellings of one term: two independent toggles give four. */
export const MAX_SPELLINGS = 4;

const TO_BASE: Readonly<Record<string, string>> = { ae: 'a', oe: 'o', ue: 'u' };
const TO_PAIR: Readonly<Record<string, string>> = { ä: 'ae', ö: 'oe', ü: 'ue' };

/** "mueller" → "muller", the form the index holds for "Müller"; null when nothing changes. */
function foldPairs(text: string, prefix: boolean): string | null {
  // For a prefix the pair at its very end may be the start of another word ("blue*" would turn
  // into "blu*" and find "Blumen"), so a trailing pair stays as typed.
  const out = text.replace(/(ae|oe|ue)(?!$)/gu, (pair) => TO_BASE[pair] ?? pair);
  const last = prefix ? out : out.replace(/(ae|oe|ue)$/u, (pair) => TO_BASE[pair] ?? pair);
  return last === text ? null : last;
}

/** "müller" → "mueller", so a query with umlauts finds text written without them. */
function spellOutUmlauts(text: string): string | null {
  const out = text.replace(/[äöü]/gu, (ch) => TO_PAIR[ch] ?? ch);
  return out === text ? null : out;
}

/** "strasse" ↔ "straße". */
function swapEszett(text: string): string | null {
  if (text.includes('ß')) return text.replace(/ß/gu, 'ss');
  if (text.includes('ss')) return text.replace(/ss/gu, 'ß');
  return null;
}

/**
 * The spellings of one search term (a word or a phrase) to look for: the term as typed first,
 * then its forms with ae/oe/ue ↔ ä/ö/ü and ss ↔ ß, lower case, without repeats. `prefix` says the
 * term is typed so far (`term*`). Pure and cheap: it runs on every keystroke.
 */
export function spellings(term: string, prefix = false): string[] {
  const lower = term.toLowerCase();
  const vowels = [lower, foldPairs(lower, prefix) ?? spellOutUmlauts(lower)];
  const out = [term];
  for (const v of vowels) {
    if (v === null) continue;
    for (const s of [v, swapEszett(v)]) {
      if (s !== null && !out.some((o) => o.toLowerCase() === s)) out.push(s);
    }
  }
  return out.slice(0, MAX_SPELLINGS);
}
