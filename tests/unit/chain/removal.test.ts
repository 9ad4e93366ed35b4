import { describe, expect, it } from 'vitest';
import { forgeBlock } from './forge.ts';
import { TestDevice, memoryId } from './helpers.ts';
import { alive, sync, trio } from './removal-helpers.ts';

describe('removing a device', () => {
  it('stops counting what the removed device sealed after its removal, yet keeps every write some device accepted', () => {
    const [a, b, c] = trio();
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
    // session A refuses that block from B, who did not know yet; B re-includes C's writes in a
    // block of its own, so nothing B had accepted is lost, and the next sessions are clean.
    tick(1_000);
    expect(sync(a, b)[0]).toBe('block-not-authority');
    for (let i = 0; i < 3; i++) expect(sync(a, b)).toEqual([null, null]);
    for (const d of [a, b]) {
      expect(alive(d)).toEqual([memoryId(4), memoryId(5)]);
      expect(d.tree.head?.members.rota).not.toContain(c.keys.deviceId);
      expect(d.tree.revoked.has(c.keys.deviceId)).toBe(true);
    }
    expect(a.tree.head?.hex).toBe(b.tree.head?.hex);
    // C, still unaware, writes again: A refuses the block, and neither A nor B shows the write.
    // C keeps it: a removed device keeps its own data.
    c.change({ kind: 'put', id: memoryId(6), text: 'refused', tags: [], source: 'typed' });
    expect(sync(c, a)).toContain('block-not-authority');
    expect(sync(a, b)).toEqual([null, null]);
    for (const d of [a, b]) expect(alive(d)).toEqual([memoryId(4), memoryId(5)]);
    expect(alive(c)).toEqual([memoryId(4), memoryId(5), memoryId(6)]);
    // Knowing it was removed, C seals nothing more.
    expect(c.tree.canSeal(c.keys.deviceId)).toBe(false);
    expect(c.seal()).toEqual([]);
  });

  it('refuses a device removing itself: another authority removes it', () => {
    const a = new TestDevice(0);
    const b = new TestDevice(1);
    a.genesis();
    a.add(b);
    b.wallMs += 1_000;
    const head = a.tree.head;
    if (!head) throw new Error('no head');
    const self = b.tx({ kind: 'device-remove', signKey: b.keys.signPublicKey });
    const block = forgeBlock(a.signer, head, { txs: [self], time: a.wallMs });
    const result = a.tree.add(block, a.wallMs);
    expect(result.status === 'rejected' && result.error.code).toBe('tx-invalid');
  });
});
