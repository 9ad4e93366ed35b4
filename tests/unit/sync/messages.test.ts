import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KianaError } from '@kiana/shared/errors';
import {
  decodeMessage,
  encodeMessage,
  tryDecodeMessage,
  type SyncMessage,
} from '../../../src/core/sync/messages.ts';
import { locatorHeights, probeHeights } from '../../../src/core/sync/locator.ts';

/** fast-check runs per fuzz property. */
const FUZZ_RUNS = 2_000;
let cases = 0;

const h = (n: number) => new Uint8Array(32).fill(n);

const samples: SyncMessage[] = [
  {
    type: 'hello',
    version: 1,
    genesis: h(1),
    head: h(2),
    height: 7,
    locator: [h(3), h(4)],
    tips: [h(5)],
  },
  { type: 'narrow', low: 3, high: 90 },
  { type: 'probe', low: 3, high: 6, hashes: [h(6), h(7)] },
  {
    type: 'blocks',
    base: h(8),
    head: new Uint8Array([1, 2, 3]),
    proof: [h(9)],
    blocks: [new Uint8Array([4, 5])],
    contents: [{ hash: h(10), bytes: new Uint8Array([6]) }],
    more: true,
  },
  { type: 'more', after: h(11) },
  { type: 'up-to-date' },
  { type: 'want', hashes: [h(12)] },
  { type: 'contents', contents: [{ hash: h(13), bytes: new Uint8Array([7, 8]) }], more: false },
  { type: 'done' },
  { type: 'abort', code: 'block-bad-signature', message: 'forged, ü' },
];

/** Decodes `bytes`: a message that re-encodes to the same bytes, or a `sync-protocol` refusal. */
function canonicalOrRefused(bytes: Uint8Array): void {
  cases += 1;
  const message = tryDecodeMessage(bytes);
  if (message instanceof KianaError) expect(message.code).toBe('sync-protocol');
  else expect(encodeMessage(message)).toEqual(bytes);
}

describe('sync messages', () => {
  it('round-trip every message type', () => {
    for (const m of samples) expect(decodeMessage(encodeMessage(m))).toEqual(m);
  });

  it('refuse a range that is empty and an unknown type', () => {
    expect(() => decodeMessage(encodeMessage({ type: 'narrow', low: 5, high: 6 }))).toThrow(
      KianaError,
    );
    expect(tryDecodeMessage(new Uint8Array([0]))).toBeInstanceOf(KianaError);
  });

  it('survive fuzzing with random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => canonicalOrRefused(bytes)),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('survive fuzzing with mutated valid messages', () => {
    const encoded = samples.map(encodeMessage);
    fc.assert(
      fc.property(
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.boolean(),
        (pick, at, byte, cut) => {
          const source = encoded[pick % encoded.length] ?? new Uint8Array();
          const copy = new Uint8Array(source);
          const i = at % copy.length;
          canonicalOrRefused(cut ? copy.subarray(0, i) : (copy.fill(byte, i, i + 1), copy));
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
    expect(cases).toBe(2 * FUZZ_RUNS);
    console.info(`sync message decoder fuzzed with ${cases} cases`);
  });
});

describe('fork-point search', () => {
  it('lists the last 8 heights, then exponentially spaced ones, down to genesis', () => {
    expect(locatorHeights(20)).toEqual([20, 19, 18, 17, 16, 15, 14, 13, 11, 7, 0]);
    expect(locatorHeights(0)).toEqual([0]);
    expect(locatorHeights(10_000).length).toBeLessThanOrEqual(8 + 14);
  });

  it('probes every height of a small range and 32 spread heights of a large one', () => {
    expect(probeHeights(3, 7)).toEqual([6, 5, 4]);
    const wide = probeHeights(0, 1000);
    expect(wide).toHaveLength(32);
    expect(new Set(wide).size).toBe(32);
    expect(wide.every((x, i) => x > 0 && x < 1000 && (i === 0 || x < (wide[i - 1] ?? 0)))).toBe(
      true,
    );
  });
});
