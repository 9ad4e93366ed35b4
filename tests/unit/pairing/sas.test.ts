import { describe, expect, it } from 'vitest';
import { loadPrimitives } from '../../../src/core/crypto/primitives.ts';
import { sasWords, SAS_WORD_COUNT } from '../../../src/core/pairing/sas.ts';
import { SAS_WORDS } from '../../../src/core/pairing/words.ts';

const p = await loadPrimitives();
const sha256 = (b: Uint8Array): Uint8Array => p.sha256(b);

describe('the short authentication string', () => {
  it('has 256 distinct, short, lowercase words, so each word is one byte', () => {
    expect(new Set(SAS_WORDS).size).toBe(256);
    for (const word of SAS_WORDS) expect(word).toMatch(/^[a-z]{2,8}$/);
  });

  it('is four words, the same for the same transcript', () => {
    const hash = p.sha256(new Uint8Array([1, 2, 3]));
    expect(sasWords(hash, sha256)).toHaveLength(SAS_WORD_COUNT);
    expect(sasWords(hash, sha256)).toEqual(sasWords(hash.slice(), sha256));
  });

  it('changes when any bit of the transcript hash changes', () => {
    const hash = p.sha256(new Uint8Array([4, 5, 6]));
    const base = sasWords(hash, sha256).join(' ');
    for (let bit = 0; bit < 256; bit += 17) {
      const flipped = hash.slice();
      flipped[bit >> 3] = (flipped[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      expect(sasWords(flipped, sha256).join(' ')).not.toBe(base);
    }
  });

  it('spreads over the whole word list', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      for (const w of sasWords(p.sha256(new Uint8Array([i & 255, i >> 8])), sha256)) seen.add(w);
    }
    expect(seen.size).toBeGreaterThan(250);
  });
});
