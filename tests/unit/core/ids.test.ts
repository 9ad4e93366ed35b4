import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base32, isDeviceId, isMemoryId, newMemoryId, parseMemoryId } from '@kiana/shared/ids';

describe('ids', () => {
  it('encodes base32 as RFC 4648 does, lower case and unpadded', () => {
    const enc = (s: string): string => base32(new TextEncoder().encode(s));
    expect(enc('')).toBe('');
    expect(enc('f')).toBe('my');
    expect(enc('fo')).toBe('mzxq');
    expect(enc('foo')).toBe('mzxw6');
    expect(enc('foob')).toBe('mzxw6yq');
    expect(enc('fooba')).toBe('mzxw6ytb');
    expect(enc('foobar')).toBe('mzxw6ytboi');
  });

  it('makes 26-character memory ids that are valid and distinct', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newMemoryId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z2-7]{26}$/);
      expect(isMemoryId(id)).toBe(true);
    }
  });

  it('accepts only safe memory ids', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(isMemoryId(s)).toBe(/^[A-Za-z0-9_-]{1,64}$/.test(s));
      }),
    );
    expect(() => parseMemoryId("x'; DROP TABLE memories")).toThrow();
  });

  it('recognises 16-byte base32 device ids only', () => {
    expect(isDeviceId(base32(new Uint8Array(16)))).toBe(true);
    expect(isDeviceId(base32(new Uint8Array(15)))).toBe(false);
    expect(isDeviceId('A'.repeat(26))).toBe(false);
  });
});
