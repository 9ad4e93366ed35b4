import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_SPELLINGS, spellings } from '../../../../src/core/memory/spellings.ts';

describe('German spellings of a search term', () => {
  it('finds the umlaut a person typed as ae, oe, ue', () => {
    // The index holds "Müller" as "muller" (diacritics removed), so "mueller" must ask for that.
    expect(spellings('mueller')).toEqual(['mueller', 'muller']);
    expect(spellings('Kaese')).toEqual(['Kaese', 'kase']);
    expect(spellings('schoen')).toEqual(['schoen', 'schon']);
  });

  it('spells out umlauts, so "Müller" also finds text written "Mueller"', () => {
    expect(spellings('Müller')).toEqual(['Müller', 'mueller']);
  });

  it('swaps ss and ß both ways', () => {
    expect(spellings('strasse')).toEqual(['strasse', 'straße']);
    expect(spellings('Straße')).toEqual(['Straße', 'strasse']);
  });

  it('combines both rules', () => {
    expect(spellings('Muellerstrasse')).toEqual([
      'Muellerstrasse',
      'muellerstraße',
      'mullerstrasse',
      'mullerstraße',
    ]);
  });

  it('keeps a word without such letters as it is', () => {
    expect(spellings('garden')).toEqual(['garden']);
    expect(spellings('東京')).toEqual(['東京']);
  });

  it('leaves a pair at the end of a prefix alone ("blue*" must not find "Blumen")', () => {
    expect(spellings('blue', true)).toEqual(['blue']);
    expect(spellings('muell', true)).toEqual(['muell', 'mull']);
    expect(spellings('blue', false)).toEqual(['blue', 'blu']);
  });

  it('gives the term first, never a repeat, never more than the cap', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.boolean(), (term, prefix) => {
        const out = spellings(term, prefix);
        expect(out[0]).toBe(term);
        expect(out.length).toBeLessThanOrEqual(MAX_SPELLINGS);
        expect(new Set(out.map((s) => s.toLowerCase())).size).toBe(out.length);
      }),
    );
  });
});
