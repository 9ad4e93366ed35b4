import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSearchQuery, toFtsQuery, MAX_TERMS } from '../../../../src/core/memory/fts-query.ts';

/** The only shapes `toFtsQuery` may emit: quoted strings, `*`, AND/OR/NOT and parentheses. */
const STRING = '"(?:[^"]|"")*"\\*?';
/** One term: a string, or its spellings ORed in parentheses. */
const TERM = `(?:${STRING}|\\(${STRING}(?: OR ${STRING})+\\))`;
const GROUP = `(?:${TERM}|\\(${TERM}(?: OR ${TERM})+\\))`;
const SAFE = new RegExp(`^(?:\\()?${GROUP}(?: AND ${GROUP})*(?:\\)(?: NOT ${TERM})+)?$`, 'u');

describe('search query parsing', () => {
  it('ANDs plain words as quoted strings', () => {
    expect(toFtsQuery('apple pie')).toBe('"apple" AND "pie"');
  });

  it('keeps phrases and closes an unterminated quote at the end', () => {
    expect(toFtsQuery('"apple pie" recipe')).toBe('"apple pie" AND "recipe"');
    expect(toFtsQuery('say "hello wor')).toBe('"say" AND "hello wor"');
  });

  it('turns a trailing star into a prefix query', () => {
    expect(toFtsQuery('app*')).toBe('"app"*');
    expect(toFtsQuery('"apple p"*')).toBe('"apple p"*');
    expect(toFtsQuery('app**')).toBe('"app"*');
  });

  it('supports OR, -exclusion and NOT', () => {
    expect(toFtsQuery('apple OR pear tart')).toBe('("apple" OR "pear") AND "tart"');
    expect(toFtsQuery('apple -pear')).toBe('("apple") NOT "pear"');
    expect(toFtsQuery('apple NOT "green pear"')).toBe('("apple") NOT "green pear"');
    expect(toFtsQuery('apple or pear')).toBe('"apple" AND "or" AND "pear"');
  });

  it('neutralises FTS5 syntax in the input', () => {
    expect(toFtsQuery('text:secret')).toBe('"text:secret"');
    expect(toFtsQuery('NEAR(a b)')).toBe('"NEAR(a" AND "b)"');
    expect(toFtsQuery('C++')).toBe('"C++"');
    expect(toFtsQuery('a"b')).toBe('"a" AND "b"');
    expect(toFtsQuery('say ""hi""')).toBe('"say" AND "hi"');
  });

  it('returns null when nothing is searchable', () => {
    for (const q of ['', '   ', '***', '"" ""', '-apple', 'OR', '!!! ???', 'NOT x']) {
      expect(toFtsQuery(q)).toBeNull();
    }
  });

  it('keeps umlauts and non-Latin scripts, and asks for the German spellings beside them', () => {
    expect(toFtsQuery('Müller straße')).toBe('("Müller" OR "mueller") AND ("straße" OR "strasse")');
    expect(toFtsQuery('mueller strasse*')).toBe(
      '("mueller" OR "muller") AND ("strasse"* OR "straße"*)',
    );
    expect(toFtsQuery('-"Grüße"')).toBe(null);
    expect(toFtsQuery('a -"Grüße"')).toBe(
      '("a") NOT ("Grüße" OR "grüsse" OR "grueße" OR "gruesse")',
    );
    expect(toFtsQuery('東京')).toBe('"東京"');
  });

  it('caps the number of terms', () => {
    const many = Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ');
    expect(parseSearchQuery(many)).toHaveLength(MAX_TERMS);
  });

  it('emits only the safe grammar for any input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 60 }),
          fc
            .array(fc.constantFrom('"', '*', '-', ' ', 'OR', 'NOT', 'AND', '(', ')', ':', 'a', 'ü'))
            .map((p) => p.join('')),
        ),
        (input) => {
          const q = toFtsQuery(input);
          if (q !== null) expect(q).toMatch(SAFE);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
