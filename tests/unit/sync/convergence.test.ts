/**
 * The convergence property: 3–5 devices write, edit, tag and delete while partitioned
 * (so the same memory is edited on both sides, or deleted on one and edited on the other), syncing
 * only inside their partition; then the network heals and they sync pairwise. Every device must
 * end with the same head, the same memories, exactly those the merge of every transaction ever
 * made gives (none lost), and the blobs those memories need — and none of the erased ones.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { netSteps, type NetStep } from './net-steps.ts';
import { mergeState } from '../../../src/core/chain/merge.ts';
import { syncInMemory } from '../../../src/core/sync/memory-pipe.ts';
import { TestDevice, memoryId } from '../chain/helpers.ts';

/** fast-check runs of the convergence property in a default test run. */
export const CONVERGENCE_RUNS = 100;

type Step =
  { readonly t: 'write'; readonly dev: number; readonly op: Op; readonly mem: number } | NetStep;
type Op = 'put' | 'edit' | 'tag' | 'delete';

const step = (devices: number): fc.Arbitrary<Step> => {
  const dev = fc.nat(devices - 1);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        t: fc.constant('write' as const),
        dev,
        op: fc.constantFrom<Op>('put', 'edit', 'edit', 'tag', 'delete'),
        mem: fc.nat(4),
      }),
    },
    ...netSteps(devices, 3),
  );
};

const scenario = fc.integer({ min: 3, max: 5 }).chain((devices) =>
  fc.record({
    devices: fc.constant(devices),
    skews: fc.array(fc.integer({ min: -2_000, max: 2_000 }), {
      minLength: devices,
      maxLength: devices,
    }),
    steps: fc.array(step(devices), { minLength: 5, maxLength: 40 }),
  }),
);

function peer(d: TestDevice) {
  return { tree: d.tree, contents: d.contents, now: () => d.wallMs };
}

/** Syncs two devices and lets both settle (erase, re-include); true when anything changed. */
function sync(a: TestDevice, b: TestDevice): boolean {
  const before = `${a.tree.size}/${b.tree.size}`;
  const { reports } = syncInMemory(peer(a), peer(b));
  for (const r of reports) expect(r?.error ?? null).toBeNull();
  const sealed = a.settle().length + b.settle().length;
  return sealed > 0 || before !== `${a.tree.size}/${b.tree.size}`;
}

function write(d: TestDevice, op: Op, mem: number, n: number): void {
  const id = memoryId(mem);
  const known = d.tree.memories().find((m) => m.id === id);
  if (!known?.alive || op === 'put') {
    if (known?.alive) d.change({ kind: 'edit', id, text: `put-as-edit ${n}` });
    else
      d.change({
        kind: 'put',
        id,
        text: `text ${n} by ${d.id.slice(0, 4)}`,
        tags: [`t${n}`],
        source: 'typed',
      });
    return;
  }
  if (op === 'edit') d.change({ kind: 'edit', id, text: `edit ${n} by ${d.id.slice(0, 4)}` });
  else if (op === 'tag') d.change({ kind: 'edit', id, tags: [`tag ${n}`] });
  else d.change({ kind: 'delete', id });
}

describe('convergence after partitions', () => {
  it('leaves every device with the same memories, none lost, however the writes interleaved', () => {
    fc.assert(
      fc.property(scenario, ({ devices: count, skews, steps }) => {
        let time = 1_700_000_000_000;
        const devices = Array.from(
          { length: count },
          (_, i) => new TestDevice(i, time + (skews[i] ?? 0)),
        );
        const setClocks = (): void =>
          devices.forEach((d, i) => (d.wallMs = time + (skews[i] ?? 0)));
        const [first] = devices;
        if (!first) return;
        first.genesis();
        for (const other of devices.slice(1)) first.add(other);
        for (const other of devices.slice(1)) sync(first, other);
        let groups: readonly number[] = devices.map(() => 0);
        steps.forEach((s, n) => {
          time += 1;
          setClocks();
          if (s.t === 'tick') time += s.ms;
          else if (s.t === 'partition') groups = s.groups;
          else if (s.t === 'write') write(devices[s.dev] as TestDevice, s.op, s.mem, n);
          else if (s.a !== s.b && groups[s.a] === groups[s.b]) {
            sync(devices[s.a] as TestDevice, devices[s.b] as TestDevice);
          }
        });
        // Heal: pairwise syncs around the ring until a whole round changes nothing.
        let rounds = 0;
        for (let changed = true; changed; rounds++) {
          expect(rounds).toBeLessThan(12);
          changed = false;
          time += 1_000;
          setClocks();
          for (let i = 0; i < count; i++) {
            if (sync(devices[i] as TestDevice, devices[(i + 1) % count] as TestDevice))
              changed = true;
          }
        }
        const heads = new Set(devices.map((d) => d.tree.head?.hex));
        expect(heads.size).toBe(1);
        const everything = devices.flatMap((d) => d.created);
        const oracle = mergeState({
          blocks: [{ txs: everything, canonical: true }],
        });
        for (const d of devices) {
          expect(d.tree.memories()).toEqual(oracle.memories);
          expect(d.tree.reinclusions()).toEqual([]);
          for (const hex of oracle.keep.keys()) expect(d.contents.blobs.has(hex)).toBe(true);
          for (const hex of oracle.erase.keys()) expect(d.contents.blobs.has(hex)).toBe(false);
        }
        // Deleted memories keep their tombstone: the id is still known, not alive.
        const ids = new Set(everything.map((tx) => ('memory' in tx.body ? tx.body.memory : '')));
        ids.delete('');
        expect(new Set(oracle.memories.map((m) => m.id))).toEqual(ids);
      }),
      { numRuns: CONVERGENCE_RUNS },
    );
  }, 120_000);
});
