/** Which engines hash Merkle levels with the SIMD batch (sha256-choose.ts says why). */
import { describe, expect, it } from 'vitest';
import { isWebKitEngine } from '../../../src/core/crypto/sha256-choose.ts';

describe('isWebKitEngine', () => {
  it('is true for Safari, iPhones and WebKitGTK, false for Chromium, Edge, Firefox and Node', () => {
    const webkit = [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.0 Safari/605.1.15',
    ];
    const others = [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    ];
    for (const ua of webkit) expect(isWebKitEngine(ua)).toBe(true);
    for (const ua of others) expect(isWebKitEngine(ua)).toBe(false);
    expect(isWebKitEngine(undefined)).toBe(false);
  });
});
