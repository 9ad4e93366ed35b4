/**
 * Turns what a person types into the search box into a safe FTS5 MATCH expression. FTS5 has its
 * own query syntax (operators, columns, NEAR, parentheses, quoting); feeding it raw input would
 * raise syntax errors on "C++" or an odd quote and let input reach columns or operators we did not
 * mean to offer. So we parse a small, forgiving language and emit only quoted strings:
 *
 * - words are ANDed: `apple pie`
 * - `"exact phrase"` (a missing closing quote closes at the end)
 * - a trailing `*` makes a prefix query: `app*`, `"apple p"*`
 * - `OR` (upper case) between two terms: `apple OR pear`
 * - `-word`, `-"a phrase"` or `NOT word` excludes
 *
 * Every term becomes an FTS5 string with `"` doubled, so no character of the input can act as
 * FTS5 syntax; a term with German spellings ("mueller", "strasse") becomes an OR of them.
 */
import { spellings } from './spellings.ts';

/** One parsed term. */
export interface FtsTerm {
  readonly text: string;
  readonly prefix: boolean;
  readonly negated: boolean;
  /** True when this term is ORed with the previous positive term. */
  readonly orWithPrevious: boolean;
}

/** Terms beyond this are ignored: a search box is not a place for 500-word queries. */
export const MAX_TERMS = 16;
/** Characters beyond this in one term are ignored. */
export const MAX_TERM_LENGTH = 100;

/** FTS5's unicode61 tokenizer indexes letters and numbers; a term without any matches nothing. */
const SEARCHABLE = /[\p{L}\p{N}]/u;

interface RawToken {
  readonly text: string;
  readonly quoted: boolean;
  readonly prefix: boolean;
  readonly minus: boolean;
}

/** Splits input into raw tokens: quoted phrases and bare words, with `-` and `*` noted. */
function tokenize(input: string): RawToken[] {
  const tokens: RawToken[] = [];
  let i = 0;
  const n = input.length;
  while (i < n) {
    while (i < n && /\s/u.test(input.charAt(i))) i++;
    if (i >= n) break;
    let minus = false;
    if (input[i] === '-' && i + 1 < n && !/\s/u.test(input.charAt(i + 1))) {
      minus = true;
      i++;
    }
    let text: string;
    let quoted = false;
    if (input[i] === '"') {
      quoted = true;
      const end = input.indexOf('"', i + 1);
      text = input.slice(i + 1, end === -1 ? n : end);
      i = end === -1 ? n : end + 1;
    } else {
      const start = i;
      while (i < n && !/\s/u.test(input.charAt(i)) && input[i] !== '"') i++;
      text = input.slice(start, i);
    }
    let prefix = false;
    if (quoted) {
      if (input[i] === '*') {
        prefix = true;
        while (input[i] === '*') i++;
      }
    } else if (text.endsWith('*')) {
      prefix = true;
      text = text.replace(/\*+$/u, '');
    }
    tokens.push({ text, quoted, prefix, minus });
  }
  return tokens;
}

/**
 * Parses search-box input into terms. Operators are recognised only as bare upper-case words;
 * terms without a letter or digit are dropped because FTS5 would match nothing with them.
 */
export function parseSearchQuery(input: string): FtsTerm[] {
  const terms: FtsTerm[] = [];
  let pendingOr = false;
  let pendingNot = false;
  for (const token of tokenize(input)) {
    if (!token.quoted && !token.minus && !token.prefix) {
      if (token.text === 'OR') {
        pendingOr = terms.some((t) => !t.negated);
        continue;
      }
      if (token.text === 'AND') continue;
      if (token.text === 'NOT') {
        pendingNot = true;
        continue;
      }
    }
    const text = Array.from(token.text.normalize('NFC')).slice(0, MAX_TERM_LENGTH).join('');
    if (!SEARCHABLE.test(text)) {
      pendingOr = false;
      pendingNot = false;
      continue;
    }
    const negated = token.minus || pendingNot;
    terms.push({ text, prefix: token.prefix, negated, orWithPrevious: pendingOr && !negated });
    pendingOr = false;
    pendingNot = false;
    if (terms.length >= MAX_TERMS) break;
  }
  return terms;
}

/** Quotes one term as an FTS5 string; `"` inside is doubled, which is FTS5's only escape. */
export function quoteFtsString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** One term as FTS5 strings: each of its spellings (spellings.ts), ORed when there are several. */
function render(term: FtsTerm): string {
  const star = term.prefix ? '*' : '';
  const forms = spellings(term.text, term.prefix).map((s) => quoteFtsString(s) + star);
  return forms.length === 1 ? forms.join('') : `(${forms.join(' OR ')})`;
}

/**
 * Builds the FTS5 expression for parsed terms, or null when there is nothing to search for
 * (FTS5 cannot run a query of only exclusions). Positive terms are ANDed; runs joined by OR are
 * grouped in parentheses; exclusions follow as `NOT` clauses.
 */
export function buildFtsExpression(terms: readonly FtsTerm[]): string | null {
  const groups: string[][] = [];
  const negatives: string[] = [];
  for (const term of terms) {
    const last = groups.at(-1);
    if (term.negated) {
      negatives.push(render(term));
    } else if (term.orWithPrevious && last) {
      last.push(render(term));
    } else {
      groups.push([render(term)]);
    }
  }
  if (groups.length === 0) return null;
  const positive = groups
    .map((g) => (g.length === 1 ? g.join('') : `(${g.join(' OR ')})`))
    .join(' AND ');
  if (negatives.length === 0) return positive;
  return `(${positive})${negatives.map((n) => ` NOT ${n}`).join('')}`;
}

/**
 * Search-box input → a safe FTS5 MATCH expression, or null when nothing is searchable. Never
 * throws and never returns an expression FTS5 would reject.
 */
export function toFtsQuery(input: string): string | null {
  return buildFtsExpression(parseSearchQuery(input));
}
