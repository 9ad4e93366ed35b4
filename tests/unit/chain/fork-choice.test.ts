import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compareHeads,
  forkChoice,
  type HeadCandidate,
} from '../../../src/core/chain/fork-choice.ts';
import { turnDistance, weightFor } from '../../../src/core/chain/authority.ts';
import { ChainTree } from '../../../src/core/chain/tree.ts';
import type { Block } from '../../../src/core/chain/types.ts';
import type { DeviceId } from '@kiana/shared/ids';
import { syncInMemory } from '../../../src/core/sync/memory-pipe.ts';
import { TestDevice, memoryId, prims } from './helpers.ts';

const RUNS = 100;

function head(over: Partial<HeadCandidate>): HeadCandidate {
  return {
    hash: new Uint8Array(32).fill(5),
    height: 10,
    totalWeight: 15,
    turnDistance: 0,
    ...over,
  };
}

function peer(d: TestDevice) {
  return { tree: d.tree, contents: d.contents, now: () => d.wallMs };
}

function sync(a: TestDevice, b: TestDevice): void {
  const { reports } = syncInMemory(peer(a), peer(b));
  expect(reports.map((r) => r?.error ?? null)).toEqual([null, null]);
  a.settle();
  b.settle();
}

function put(d: TestDevice, n: number): Block[] {
  d.wallMs += 1000;
  return d.change({ kind: 'put', id: memoryId(n), text: `note ${n}`, tags: [], source: 'typed' });
}

describe('fork choice', () => {
  it('prefers the greater summed weight, then the lower height', () => {
    expect(compareHeads(head({ totalWeight: 16 }), head({}))).toBeLessThan(0);
    expect(compareHeads(head({ height: 9 }), head({}))).toBeLessThan(0);
  });

  it('then the sealer whose turn lies furthest back, then the lowest hash', () => {
    expect(compareHeads(head({ turnDistance: 2 }), head({ turnDistance: 1 }))).toBeLessThan(0);
    const low = head({ hash: new Uint8Array(32).fill(1) });
    expect(compareHeads(low, head({}))).toBeLessThan(0);
    expect(compareHeads(head({}), head({}))).toBe(0);
  });

  it('picks the same head whatever order the candidates come in', () => {
    const candidate = fc.record({
      hash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
      height: fc.nat(5),
      totalWeight: fc.nat(8),
      turnDistance: fc.nat(3),
    });
    fc.assert(
      fc.property(fc.array(candidate, { minLength: 1, maxLength: 12 }), fc.nat(), (list, seed) => {
        const rotated = [...list.slice(seed % list.length), ...list.slice(0, seed % list.length)];
        expect(forkChoice(rotated)).toBe(forkChoice([...list].sort(compareHeads)));
      }),
      { numRuns: RUNS },
    );
  });

  it('gives weight 2 to the sealer whose turn it is by sorted device id, 1 to the others', () => {
    const rota = ['aaaa', 'bbbb', 'cccc'] as unknown as DeviceId[];
    expect(rota.map((id) => weightFor(rota, 4, id))).toEqual([1, 2, 1]);
    expect(rota.map((id) => turnDistance(rota, 4, id))).toEqual([1, 0, 2]);
  });

  it('chooses the in-turn branch over an out-of-turn branch of the same length', () => {
    const a = new TestDevice(0);
    const b = new TestDevice(1);
    a.genesis();
    a.add(b);
    sync(a, b);
    const [fromA] = put(a, 1);
    const [fromB] = put(b, 2);
    if (!fromA || !fromB) throw new Error('nothing sealed');
    expect(fromA.header.weight + fromB.header.weight).toBe(3);
    const winner = fromA.header.weight === 2 ? fromA : fromB;
    sync(a, b);
    // Both build on the winner, re-including the loser's write on top; one more sync settles
    // which re-inclusion block stays.
    sync(a, b);
    for (const d of [a, b]) expect(d.tree.canonicalAt(2)?.hash).toEqual(winner.hash);
    expect(a.tree.head?.hash).toEqual(b.tree.head?.hash);
    expect(a.tree.reinclusions()).toEqual([]);
  });

  it('reaches the same head from the same blocks whatever order they arrive in', () => {
    const [a, b, c] = [0, 1, 2].map((n) => new TestDevice(n)) as [
      TestDevice,
      TestDevice,
      TestDevice,
    ];
    const blocks: Block[] = [a.genesis(), ...a.add(b), ...a.add(c)];
    sync(a, b);
    sync(a, c);
    for (let i = 0; i < 3; i++) blocks.push(...put(a, i), ...put(b, 10 + i), ...put(c, 20 + i));
    const reference = new ChainTree(prims);
    for (const block of blocks) reference.add(block, a.wallMs + 60_000);
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: blocks.length, maxLength: blocks.length }),
        (keys) => {
          // A random order that still puts every parent before its children.
          const order = blocks
            .map((block, i) => ({ block, key: block.header.height * 1e6 + ((keys[i] ?? 0) % 1e6) }))
            .sort((x, y) => x.key - y.key);
          const tree = new ChainTree(prims);
          for (const { block } of order) tree.add(block, a.wallMs + 60_000);
          expect(tree.head?.hex).toBe(reference.head?.hex);
          expect(tree.memories()).toEqual(reference.memories());
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('liveness', () => {
  it('lets one device alone seal block after block', () => {
    const a = new TestDevice(0);
    a.genesis();
    for (let i = 0; i < 20; i++) put(a, i);
    expect(a.tree.head?.height).toBe(20);
    expect(a.tree.memories().filter((m) => m.alive)).toHaveLength(20);
  });

  it('lets two devices that are never online together take turns writing', () => {
    const a = new TestDevice(0);
    const b = new TestDevice(1);
    a.genesis();
    a.add(b);
    sync(a, b);
    for (let round = 0; round < 4; round++) {
      // Whoever is online writes alone, then they meet briefly.
      const alone = round % 2 === 0 ? a : b;
      for (let i = 0; i < 3; i++) put(alone, round * 10 + i);
      sync(a, b);
    }
    expect(a.tree.head?.hex).toBe(b.tree.head?.hex);
    expect(a.tree.memories().filter((m) => m.alive)).toHaveLength(12);
  });

  it('keeps ten devices writing out of turn converging on one head', () => {
    const devices = Array.from({ length: 10 }, (_, i) => new TestDevice(i));
    const [first] = devices;
    if (!first) throw new Error('no device');
    first.genesis();
    for (const d of devices.slice(1)) first.add(d);
    for (const d of devices.slice(1)) sync(first, d);
    devices.forEach((d, i) => put(d, i));
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < devices.length; i++) {
        sync(devices[i] as TestDevice, devices[(i + 1) % devices.length] as TestDevice);
      }
    }
    expect(new Set(devices.map((d) => d.tree.head?.hex)).size).toBe(1);
    expect(first.tree.head?.members.rota).toHaveLength(10);
    for (const d of devices) expect(d.tree.memories().filter((m) => m.alive)).toHaveLength(10);
  });
});
