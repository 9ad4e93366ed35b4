/**
 * A fresh device paired into an established collection adopts the established chain, whichever
 * genesis hash is lower; the established device keeps its history where it is.
 */
import { describe, expect, it } from 'vitest';
import { Net, mid } from './chain-net.ts';

describe('pairing a fresh device into an established collection', () => {
  it(
    'the fresh device adopts the chain with history, in both orders of the genesis hashes',
    { timeout: 60_000 },
    async () => {
      // Genesis hashes depend on the time of the first block, so which side's is lower is
      // chance: pairings go on until both orders were seen (30 tries: a miss is ~2^-29).
      let freshHadLowerGenesis = false;
      let freshHadHigherGenesis = false;
      for (let round = 0; round < 30 && !(freshHadLowerGenesis && freshHadHigherGenesis); round++) {
        const [established, fresh] =
          round % 2 === 0 ? [2 * round + 1, 2 * round + 2] : [2 * round + 2, 2 * round + 1];
        const net = new Net();
        const a = await net.add(established);
        const b = await net.add(fresh);
        for (let i = 0; i < 12; i++) {
          await a.store.put({
            id: mid(`a${i}`),
            text: `memory ${i} on A`,
            source: 'typed',
            tags: [],
          });
        }
        await b.store.put({ id: mid('b0'), text: 'first note on B', source: 'typed', tags: [] });
        const before = { a: await a.store.chainInfo(), b: await b.store.chainInfo() };
        if ((before.b.genesis ?? '') < (before.a.genesis ?? '')) freshHadLowerGenesis = true;
        else freshHadHigherGenesis = true;

        await net.pair(a, b);
        await net.connect(a, b);
        await net.run();
        const after = { a: await a.store.chainInfo(), b: await b.store.chainInfo() };
        expect(after.b.genesis).toBe(before.a.genesis);
        expect(after.a.genesis).toBe(before.a.genesis);
        // A's history stays where it was: its blocks were not re-included into another chain.
        expect(after.a.height).toBeGreaterThanOrEqual(before.a.height);
        expect(after.a.head).toBe(after.b.head);
        expect(Object.keys(await Net.shown(b)).sort()).toEqual(
          [...Array.from({ length: 12 }, (_, i) => `a${i}`), 'b0'].sort(),
        );
      }
      // Under the old rule (lower genesis hash wins) at least one of these pairings went wrong.
      expect(freshHadLowerGenesis && freshHadHigherGenesis).toBe(true);
    },
  );
});
