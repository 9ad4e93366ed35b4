import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { theirsWins, type ChainSummary } from '../../../src/core/chain/chain-choice.ts';

const low = new Uint8Array(32).fill(1);
const high = new Uint8Array(32).fill(2);

describe('which chain two devices settle on', () => {
  it('is the one with more history, even when its genesis hash is the higher one', () => {
    const fresh = { genesis: low, height: 1 };
    const established = { genesis: high, height: 1015 };
    expect(theirsWins(fresh, established)).toBe(true);
    expect(theirsWins(established, fresh)).toBe(false);
  });

  it('between equal heights, is the lower genesis hash', () => {
    expect(theirsWins({ genesis: high, height: 7 }, { genesis: low, height: 7 })).toBe(true);
    expect(theirsWins({ genesis: low, height: 7 }, { genesis: high, height: 7 })).toBe(false);
  });

  it('is decided the same way on both sides: exactly one of two different chains wins', () => {
    const summary = fc.record({
      genesis: fc.uint8Array({ minLength: 32, maxLength: 32 }),
      height: fc.nat({ max: 1_000_000 }),
    });
    fc.assert(
      fc.property(summary, summary, (a: ChainSummary, b: ChainSummary) => {
        fc.pre(Buffer.compare(a.genesis, b.genesis) !== 0);
        expect(theirsWins(a, b)).toBe(!theirsWins(b, a));
      }),
    );
  });
});
