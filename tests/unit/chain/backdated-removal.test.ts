/**
 * Issue #12, finding 1: a paired device that signs `device-remove`s of the others must not be able
 * to reach into the past. A removal dated before its block's parent (or before its author was
 * added) is refused with a code; a removal from an old fork point is accepted on its branch, but
 * hides no memory and erases no blob on any device; two devices removing each other at once leave
 * one of them an authority.
 */
import { describe, expect, it } from 'vitest';
import type { Hlc } from '../../../src/core/hlc.ts';
import { createTx } from '../../../src/core/chain/tx.ts';
import type { Entry } from '../../../src/core/chain/tree.ts';
import type { Block, Tx } from '../../../src/core/chain/types.ts';
import { forgeBlock } from './forge.ts';
import { TestDevice, memoryId, prims } from './helpers.ts';
import { alive, blobsHeld, sync, trio } from './removal-helpers.ts';

/** A device-remove of `target` signed by `author` at a clock it chooses. */
function removal(author: TestDevice, target: TestDevice, wallMs: number): Tx {
  const hlc: Hlc = { wallMs, counter: 0, device: author.keys.deviceId };
  return createTx(prims, author.signer, hlc, {
    kind: 'device-remove',
    signKey: target.keys.signPublicKey,
  });
}

/** `author` seals `txs` on `parent` at `time`, as a block any peer could be handed. */
function forged(author: TestDevice, parent: Entry, txs: readonly Tx[], time: number): Block {
  return forgeBlock(author.signer, parent, { txs, time });
}

/** Every device writes one memory, and all sync: three memories alive everywhere. */
function written(): [TestDevice, TestDevice, TestDevice] {
  const devices = trio();
  devices.forEach((d, n) => {
    d.wallMs += 1_000;
    d.change({ kind: 'put', id: memoryId(n), text: `memory ${n}`, tags: ['t'], source: 'typed' });
  });
  const [a, b, m] = devices;
  for (const [x, y] of [
    [a, b],
    [b, m],
    [m, a],
    [a, b],
  ] as const)
    sync(x, y);
  return devices;
}

const ALL = [memoryId(0), memoryId(1), memoryId(2)];

describe('a backdated device-remove', () => {
  it('dated 1 ms after 1970 is refused with tx-backdated, and every memory stays on every device', () => {
    const [a, b, m] = written();
    const head = m.tree.head as Entry;
    const block = forged(m, head, [removal(m, a, 1), removal(m, b, 1)], m.wallMs);
    for (const d of [a, b, m]) {
      const result = d.tree.add(block, d.wallMs);
      expect(result.status === 'rejected' && result.error.code).toBe('tx-backdated');
    }
    for (const d of [a, b, m]) {
      d.settle();
      expect(alive(d)).toEqual(ALL);
      expect(blobsHeld(d)).toBe(6);
      expect(d.tree.revoked.size).toBe(0);
    }
  });

  it('dated before its author was added is refused with tx-backdated', () => {
    const [a, , m] = written();
    const head = m.tree.head as Entry;
    const addedAt = head.members.get(m.keys.deviceId)?.addedAt.wallMs ?? 0;
    // Within the skew of the parent's time, but before m was an authority at all.
    const block = forged(m, head, [removal(m, a, addedAt - 1)], head.block.header.time);
    const result = a.tree.add(block, a.wallMs);
    expect(result.status === 'rejected' && result.error.code).toBe('tx-backdated');
  });

  it('from an old fork point hides no memory and erases no blob, on any device', () => {
    const [a, b, m] = written();
    // m forks from the block that added it, before anyone wrote, dated like that block.
    let fork = m.tree.head as Entry;
    while (fork.parent?.members.isActive(m.keys.deviceId)) fork = fork.parent;
    const time = fork.block.header.time + 1;
    const block = forged(m, fork, [removal(m, a, time), removal(m, b, time)], time);
    expect(m.tree.add(block, m.wallMs).status).toBe('added');
    for (const [x, y] of [
      [m, a],
      [m, b],
      [a, b],
      [b, m],
      [a, m],
    ] as const)
      sync(x, y);
    for (const d of [a, b, m]) {
      d.settle();
      expect(alive(d)).toEqual(ALL);
      expect(blobsHeld(d)).toBe(6);
    }
  });
});

describe('removals racing each other', () => {
  it('two devices removing each other leave exactly one authority, the same on both', () => {
    const a = new TestDevice(0);
    const b = new TestDevice(1);
    a.genesis();
    a.add(b);
    sync(a, b);
    a.change({ kind: 'put', id: memoryId(0), text: 'by a', tags: [], source: 'typed' });
    b.change({ kind: 'put', id: memoryId(1), text: 'by b', tags: [], source: 'typed' });
    // Partitioned: each removes the other, a first.
    a.wallMs += 1_000;
    a.seal([a.tx({ kind: 'device-remove', signKey: b.keys.signPublicKey })]);
    b.wallMs += 2_000;
    b.seal([b.tx({ kind: 'device-remove', signKey: a.keys.signPublicKey })]);
    for (let i = 0; i < 3; i++) sync(a, b);
    for (const d of [a, b]) {
      expect(d.tree.head?.members.rota).toEqual([a.keys.deviceId]);
      expect([...d.tree.revoked.keys()]).toEqual([b.keys.deviceId]);
      expect(alive(d)).toEqual([memoryId(0), memoryId(1)]);
    }
    expect(a.tree.head?.hex).toBe(b.tree.head?.hex);
  });

  it('refuses a removal sealed by the device it removes', () => {
    const [a, b, m] = trio();
    const head = b.tree.head as Entry;
    const block = forged(
      b,
      head,
      [a.tx({ kind: 'device-remove', signKey: b.keys.signPublicKey })],
      b.wallMs,
    );
    const result = m.tree.add(block, m.wallMs);
    expect(result.status === 'rejected' && result.error.code).toBe('tx-invalid');
  });
});
