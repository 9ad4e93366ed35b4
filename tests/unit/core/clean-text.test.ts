import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanTags, cleanText, normalizeDisplayName } from '@kiana/shared/clean-text';

describe('cleanText', () => {
  it('removes the snippet markers and NUL and nothing else', () => {
    expect(cleanText('a\uE000b\uE001c\0d')).toBe('abcd');
    expect(cleanText('👨‍👩‍👧 Grüße\tzwei\nZeilen')).toBe('👨‍👩‍👧 Grüße\tzwei\nZeilen');
  });
});

describe('cleanTags', () => {
  it('cleans, trims, dedups ignoring case, cuts and bounds the tags', () => {
    expect(cleanTags([' a\uE000b ', 'AB', '\0', 'x  y'])).toEqual(['ab', 'x y']);
    expect(cleanTags(['t'.repeat(100)])[0]).toHaveLength(64);
    expect(cleanTags(Array.from({ length: 50 }, (_, i) => `tag${i}`))).toHaveLength(32);
  });
});

describe('normalizeDisplayName', () => {
  it('drops markers, NUL, zero-width and other invisible characters', () => {
    expect(normalizeDisplayName('Lap\u200btop\uE000')).toBe('Laptop');
    expect(normalizeDisplayName('\ufeffKü\u2060che\0')).toBe('Küche');
    expect(normalizeDisplayName('Ph\u00adone \u3164')).toBe('Phone');
    expect(normalizeDisplayName('\u200b\u200d\u3164\u115f')).toBeNull();
  });

  it('keeps joiners that join (emoji, scripts) and drops loose ones', () => {
    expect(normalizeDisplayName('👩‍💻 work')).toBe('👩‍💻 work');
    expect(normalizeDisplayName('\u200dwork \u200c phone\u200d')).toBe('work phone');
  });

  it('is idempotent, so a clean name is one it leaves alone', () => {
    const chars = fc.constantFrom(
      'a',
      ' ',
      '\u200b',
      '\u200c',
      '\u200d',
      '\uE000',
      '\0',
      '\u202e',
      '\ufeff',
      '👩',
      '\t',
    );
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 80 }), (parts) => {
        const once = normalizeDisplayName(parts.join(''));
        if (once === null) return;
        expect(normalizeDisplayName(once)).toBe(once);
        expect(Array.from(once).length).toBeLessThanOrEqual(64);
      }),
    );
  });
});
