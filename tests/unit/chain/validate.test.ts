import { describe, expect, it } from 'vitest';
import { MAX_BLOCK_BYTES, MAX_FUTURE_SKEW_MS } from '../../../src/core/chain/limits.ts';
import type { AddResult } from '../../../src/core/chain/tree.ts';
import { createTx } from '../../../src/core/chain/tx.ts';
import { decodeTx } from '../../../src/core/chain/tx-codec.ts';
import type { Tx } from '../../../src/core/chain/types.ts';
import { forgeBlock } from './forge.ts';
import { TestDevice, memoryId, prims } from './helpers.ts';

function codeOf(result: AddResult): string {
  return result.status === 'rejected' ? result.error.code : result.status;
}

/** A with genesis and B paired; C a stranger. All clocks equal. */
function setup() {
  const a = new TestDevice(0);
  const b = new TestDevice(1);
  const c = new TestDevice(2);
  a.genesis();
  a.add(b);
  a.change({ kind: 'put', id: memoryId(1), text: 'first', tags: [], source: 'typed' });
  const head = a.tree.head;
  if (!head) throw new Error('no head');
  return { a, b, c, head };
}

/** A memory write by `d` that no block carries yet. */
function write(d: TestDevice, n = 9): Tx {
  return d.tx({ kind: 'memory-delete', memory: memoryId(n) });
}

describe('validateBlock', () => {
  it('accepts an honest block and records its transactions', () => {
    const { a, head } = setup();
    const block = forgeBlock(a.signer, head, { txs: [write(a)], time: a.wallMs });
    expect(codeOf(a.tree.add(block.bytes, a.wallMs))).toBe('added');
    expect(codeOf(a.tree.add(block.bytes, a.wallMs))).toBe('known');
  });

  it('rejects a block whose signature was tampered with, and applies nothing', () => {
    const { a, head } = setup();
    const block = forgeBlock(a.signer, head, { txs: [write(a)], time: a.wallMs });
    const bytes = new Uint8Array(block.bytes);
    const sigAt = block.headerBytes.length - 10;
    bytes[sigAt] = (bytes[sigAt] ?? 0) ^ 1;
    const before = a.tree.memories();
    expect(codeOf(a.tree.add(bytes, a.wallMs))).toBe('block-bad-signature');
    expect(a.tree.size).toBe(3);
    expect(a.tree.memories()).toEqual(before);
  });

  it('rejects a block signed by another key than the one in its header', () => {
    const { a, b, head } = setup();
    const block = forgeBlock(a.signer, head, {
      txs: [write(a)],
      time: a.wallMs,
      signWith: b.signer,
    });
    expect(codeOf(a.tree.add(block, a.wallMs))).toBe('block-bad-signature');
  });

  it('rejects a block sealed by a device that is not an authority', () => {
    const { a, c, head } = setup();
    const block = forgeBlock(c.signer, head, { txs: [write(c)], time: a.wallMs });
    expect(codeOf(a.tree.add(block, a.wallMs))).toBe('block-not-authority');
  });

  it('rejects a txRoot that does not match the transactions', () => {
    const { a, head } = setup();
    const txRoot = new Uint8Array(32).fill(7);
    const block = forgeBlock(a.signer, head, {
      txs: [write(a)],
      time: a.wallMs,
      header: { txRoot },
    });
    expect(codeOf(a.tree.add(block, a.wallMs))).toBe('block-bad-tx-root');
  });

  it('rejects a wrong height, a wrong block-hash log and an unknown parent', () => {
    const { a, head } = setup();
    const base = { txs: [write(a)], time: a.wallMs };
    const wrongHeight = forgeBlock(a.signer, head, { ...base, header: { height: 9 } });
    const wrongLog = forgeBlock(a.signer, head, {
      ...base,
      header: { logRoot: new Uint8Array(32) },
    });
    const orphan = forgeBlock(a.signer, head, {
      ...base,
      header: { parent: new Uint8Array(32).fill(1) },
    });
    expect(codeOf(a.tree.add(wrongHeight, a.wallMs))).toBe('block-bad-parent');
    expect(codeOf(a.tree.add(wrongLog, a.wallMs))).toBe('block-bad-parent');
    expect(codeOf(a.tree.add(orphan, a.wallMs))).toBe('block-unknown-parent');
  });

  it('rejects a block that claims the wrong turn weight', () => {
    const { a, head } = setup();
    const honest = forgeBlock(a.signer, head, { txs: [write(a)], time: a.wallMs });
    const weight = 3 - honest.header.weight;
    const block = forgeBlock(a.signer, head, {
      txs: [write(a, 8)],
      time: a.wallMs,
      header: { weight },
    });
    expect(codeOf(a.tree.add(block, a.wallMs))).toBe('block-bad-weight');
  });

  it('rejects a block dated before its parent', () => {
    const { a, head } = setup();
    const block = forgeBlock(a.signer, head, { txs: [write(a)], time: head.block.header.time - 1 });
    expect(codeOf(a.tree.add(block, a.wallMs))).toBe('block-bad-time');
  });

  it('rejects a far-future block but accepts one within the allowed clock skew', () => {
    const { a, head } = setup();
    const far = forgeBlock(a.signer, head, { txs: [write(a)], time: a.wallMs + 60 * 60_000 });
    expect(codeOf(a.tree.add(far, a.wallMs))).toBe('block-future');
    const near = forgeBlock(a.signer, head, {
      txs: [write(a, 8)],
      time: a.wallMs + MAX_FUTURE_SKEW_MS,
    });
    expect(codeOf(a.tree.add(near, a.wallMs))).toBe('added');
  });

  it('rejects a transaction dated far beyond its block, so it cannot win every later edit', () => {
    const { a, head } = setup();
    const future = createTx(
      prims,
      a.signer,
      { ...a.hlc.tick(), wallMs: a.wallMs + 60 * 60_000 },
      {
        kind: 'memory-delete',
        memory: memoryId(1),
      },
    );
    const block = forgeBlock(a.signer, head, { txs: [future], time: a.wallMs });
    expect(codeOf(a.tree.add(block, a.wallMs))).toBe('tx-future');
  });

  it('rejects a replayed transaction, already on the branch or twice in one block', () => {
    const { a, head } = setup();
    const old = head.block.txs[0];
    if (!old) throw new Error('no tx');
    const replay = forgeBlock(a.signer, head, { txs: [old], time: a.wallMs });
    expect(codeOf(a.tree.add(replay, a.wallMs))).toBe('block-replayed');
    const tx = write(a);
    const twice = forgeBlock(a.signer, head, { txs: [tx, tx], time: a.wallMs });
    expect(codeOf(a.tree.add(twice, a.wallMs))).toBe('block-replayed');
  });

  it('accepts the same transaction again on another branch (that is re-inclusion)', () => {
    const { a, b, head } = setup();
    b.tree.add(a.tree.genesis?.block ?? head.block, a.wallMs);
    const parent = head.parent;
    if (!parent) throw new Error('no parent');
    const tx = head.block.txs[0];
    if (!tx) throw new Error('no tx');
    const sibling = forgeBlock(b.signer, parent, { txs: [tx], time: a.wallMs });
    expect(codeOf(a.tree.add(sibling, a.wallMs))).toBe('added');
  });

  it('rejects another author’s transaction whose signature is forged', () => {
    const { a, b, head } = setup();
    const tx = write(b);
    const bytes = new Uint8Array(tx.bytes);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    const forged = decodeTx(prims, bytes);
    const block = forgeBlock(a.signer, head, { txs: [forged], time: a.wallMs });
    expect(codeOf(a.tree.add(block, a.wallMs))).toBe('tx-bad-signature');
  });

  it('rejects a transaction by a device that is not an authority', () => {
    const { a, c, head } = setup();
    const block = forgeBlock(a.signer, head, { txs: [write(c)], time: a.wallMs });
    expect(codeOf(a.tree.add(block, a.wallMs))).toBe('tx-not-authority');
  });

  it('refuses blocks and device changes of a removed authority, on any branch', () => {
    const { a, b, c, head } = setup();
    const earlier = write(b, 5);
    a.wallMs += 10;
    b.wallMs += 10;
    a.seal([a.tx({ kind: 'device-remove', signKey: b.keys.signPublicKey })]);
    const after = a.tree.head;
    if (!after) throw new Error('no head');
    b.wallMs += 1; // a block dated in the removal's own millisecond still counts
    const onHead = forgeBlock(b.signer, after, { txs: [write(b, 6)], time: b.wallMs });
    expect(codeOf(a.tree.add(onHead, a.wallMs))).toBe('block-not-authority');
    // A fork from before the removal, sealed after it, is refused as well.
    const forked = forgeBlock(b.signer, head, { txs: [write(b, 7)], time: b.wallMs });
    expect(codeOf(a.tree.add(forked, a.wallMs))).toBe('block-not-authority');
    // A write B made before its removal may still be carried by an authority.
    const carried = forgeBlock(a.signer, after, { txs: [earlier], time: a.wallMs });
    expect(codeOf(a.tree.add(carried, a.wallMs))).toBe('added');
    const top = a.tree.canonicalAt(after.height + 1);
    if (!top) throw new Error('no block on top');
    // Its clock decides nothing (B chose it): a later write of B's carried by an authority is a
    // re-inclusion too. What B can no longer do is change the authorities, sealed by anyone.
    const late = forgeBlock(a.signer, top, { txs: [write(b, 8)], time: a.wallMs });
    expect(codeOf(a.tree.add(late, a.wallMs))).toBe('added');
    const lateAdd = b.tx({
      kind: 'device-add',
      signKey: c.keys.signPublicKey,
      boxKey: c.keys.boxPublicKey,
      name: 'c',
    });
    const adding = forgeBlock(a.signer, top, { txs: [lateAdd], time: a.wallMs });
    expect(codeOf(a.tree.add(adding, a.wallMs))).toBe('tx-not-authority');
  });

  it('refuses to remove the last authority and to add a device twice', () => {
    const a = new TestDevice(0);
    const b = new TestDevice(1);
    a.genesis();
    const head = a.tree.head;
    if (!head) throw new Error('no head');
    const removeSelf = a.tx({ kind: 'device-remove', signKey: a.keys.signPublicKey });
    const lonely = forgeBlock(a.signer, head, { txs: [removeSelf], time: a.wallMs });
    expect(codeOf(a.tree.add(lonely, a.wallMs))).toBe('tx-invalid');
    const add = {
      kind: 'device-add' as const,
      signKey: b.keys.signPublicKey,
      boxKey: b.keys.boxPublicKey,
      name: 'b',
    };
    const twice = forgeBlock(a.signer, head, { txs: [a.tx(add), a.tx(add)], time: a.wallMs });
    expect(codeOf(a.tree.add(twice, a.wallMs))).toBe('tx-invalid');
  });

  it('requires genesis to authorise its own signer and allows only one genesis', () => {
    const a = new TestDevice(0);
    const stranger = new TestDevice(3);
    a.genesis();
    const other = new TestDevice(1);
    other.genesis();
    expect(codeOf(a.tree.add(other.tree.genesis?.block.bytes ?? new Uint8Array(), a.wallMs))).toBe(
      'sync-other-chain',
    );
    const fresh = new TestDevice(2);
    const add = fresh.tx({
      kind: 'device-add',
      signKey: stranger.keys.signPublicKey,
      boxKey: stranger.keys.boxPublicKey,
      name: 'x',
    });
    const { sealBlock } = { sealBlock: forgeGenesis };
    expect(codeOf(fresh.tree.add(sealBlock(fresh, [add]), fresh.wallMs))).toBe(
      'block-not-authority',
    );
  });

  it('replays its own stored blocks after the clock was set back, still checking every link', () => {
    const { a } = setup();
    const copy = new TestDevice(0, a.wallMs - 24 * 3600_000);
    for (let h = 0; h <= (a.tree.head?.height ?? 0); h++) {
      const bytes = a.tree.canonicalAt(h)?.block.bytes ?? new Uint8Array();
      expect(codeOf(copy.tree.add(bytes, copy.wallMs))).toBe('block-future');
      expect(codeOf(copy.tree.add(bytes, copy.wallMs, true))).toMatch(/added|known/);
    }
    expect(copy.tree.head?.hex).toBe(a.tree.head?.hex);
    const head = a.tree.head;
    if (!head) throw new Error('no head');
    const wrongLog = forgeBlock(a.signer, head, {
      txs: [write(a)],
      time: a.wallMs,
      header: { logRoot: new Uint8Array(32) },
    });
    expect(codeOf(copy.tree.add(wrongLog.bytes, copy.wallMs, true))).toBe('block-bad-parent');
  });

  it('rejects oversized and malformed bytes with coded errors', () => {
    const { a } = setup();
    expect(codeOf(a.tree.add(new Uint8Array(MAX_BLOCK_BYTES + 1), a.wallMs))).toBe(
      'block-oversized',
    );
    expect(codeOf(a.tree.add(new Uint8Array([1, 2, 3]), a.wallMs))).toBe('block-malformed');
    expect(a.tree.size).toBe(3);
  });
});

/** A genesis sealed by `d` with `txs` as they are (to break the genesis rule). */
function forgeGenesis(d: TestDevice, txs: Tx[]) {
  const beforeGenesis = {
    hash: new Uint8Array(32),
    height: -1,
    logRootAfter: prims.sha256(new Uint8Array(0)),
    members: { rota: [] },
  };
  return forgeBlock(d.signer, beforeGenesis, { txs, time: d.wallMs });
}
