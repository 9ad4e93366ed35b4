import { describe, expect, it } from 'vitest';
import { syncInMemory } from '../../../src/core/sync/memory-pipe.ts';
import { forgeBlock } from './forge.ts';
import { TestDevice, memoryId } from './helpers.ts';

function peer(d: TestDevice) {
  return { tree: d.tree, contents: d.contents, now: () => d.wallMs };
}

function sync(x: TestDevice, y: TestDevice) {
  const { reports } = syncInMemory(peer(x), peer(y));
  x.settle();
  y.settle();
  return reports.map((r) => r?.error?.code ?? null);
}

function alive(d: TestDevice): string[] {
  return d.tree
    .memories()
    .filter((m) => m.alive)
    .map((m) => m.id);
}

describe('removing a device', () => {
  it('stops counting what the removed device sealed after its removal, even where it was accepted first', () => {
    const [a, b, c] = [0, 1, 2].map((n) => new TestDevice(n)) as [
      TestDevice,
      TestDevice,
      TestDevice,
    ];
    a.genesis();
    a.add(b);
    a.add(c);
    expect(sync(a, b)).toEqual([null, null]);
    expect(sync(a, c)).toEqual([null, null]);
    // Partition {a} | {b, c}. C writes, then A removes C, then C (unaware) writes again.
    const tick = (ms: number) => [a, b, c].forEach((d) => (d.wallMs += ms));
    tick(1_000);
    c.change({ kind: 'put', id: memoryId(4), text: 'before removal', tags: [], source: 'typed' });
    tick(1_000);
    a.seal([a.tx({ kind: 'device-remove', signKey: c.keys.signPublicKey })]);
    tick(1_000);
    c.change({ kind: 'put', id: memoryId(5), text: 'after removal', tags: [], source: 'typed' });
    expect(sync(b, c)).toEqual([null, null]);
    expect(alive(b)).toEqual([memoryId(4), memoryId(5)]);
    // Healing: B learns the removal from A; C's later block stops counting on B. In the first
    // session A refuses that block from B, who did not know yet; the next sessions are clean.
    tick(1_000);
    expect(sync(a, b)[0]).toBe('block-not-authority');
    for (let i = 0; i < 3; i++) expect(sync(a, b)).toEqual([null, null]);
    for (const d of [a, b]) {
      expect(alive(d)).toEqual([memoryId(4)]);
      expect(d.tree.head?.members.rota).not.toContain(c.keys.deviceId);
      expect(d.tree.revoked.has(c.keys.deviceId)).toBe(true);
    }
    expect(a.tree.head?.hex).toBe(b.tree.head?.hex);
    // C's attempt to hand its late block to A is refused; A still syncs with B afterwards.
    expect(sync(c, a)).toContain('block-not-authority');
    expect(sync(a, b)).toEqual([null, null]);
    expect(alive(a)).toEqual([memoryId(4)]);
  });

  it('refuses a device removing itself: another authority removes it', () => {
    const a = new TestDevice(0);
    const b = new TestDevice(1);
    a.genesis();
    a.add(b);
    const head = a.tree.head;
    if (!head) throw new Error('no head');
    const self = b.tx({ kind: 'device-remove', signKey: b.keys.signPublicKey });
    const block = forgeBlock(a.signer, head, { txs: [self], time: a.wallMs });
    const result = a.tree.add(block, a.wallMs);
    expect(result.status === 'rejected' && result.error.code).toBe('tx-invalid');
  });
});
