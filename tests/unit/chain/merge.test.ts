import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toHex } from '../../../src/core/chain/bytes.ts';
import { decodeContent, tagsContent, textContent } from '../../../src/core/chain/content.ts';
import { mergeState, reinclusionOrder } from '../../../src/core/chain/merge.ts';
import { MemoryMerge } from '../../../src/core/chain/memory-merge.ts';
import { recordChange, type MemoryChange } from '../../../src/core/chain/changes.ts';
import type { Tx } from '../../../src/core/chain/types.ts';
import { TestDevice, memoryId, prims } from './helpers.ts';

const RUNS = 200;
const id = memoryId(1);

/** Records `change` on `d` at wall time `ms` without sealing. */
function at(d: TestDevice, ms: number, change: MemoryChange): { txs: Tx[]; hashes: string[] } {
  d.wallMs = ms;
  const record = recordChange(prims, d.signer, () => d.hlc.tick(), change);
  return { txs: record.txs, hashes: record.contents.map((c) => toHex(c.hash)) };
}

function merged(...txs: Tx[][]) {
  return mergeState({ blocks: [{ txs: txs.flat(), canonical: true }] });
}

describe('memory merge', () => {
  // Fresh devices per test: each keeps an HLC that never runs backwards.
  let a = new TestDevice(0);
  let b = new TestDevice(1);
  let put = at(a, 1000, { kind: 'put', id, text: 'first', tags: ['x'], source: 'typed' });
  beforeEach(() => {
    a = new TestDevice(0);
    b = new TestDevice(1);
    put = at(a, 1000, { kind: 'put', id, text: 'first', tags: ['x'], source: 'typed' });
  });

  it('keeps the later of two concurrent edits of the same memory, on every device', () => {
    const early = at(a, 2000, { kind: 'edit', id, text: 'from a' });
    const late = at(b, 3000, { kind: 'edit', id, text: 'from b' });
    const state = merged(put.txs, late.txs, early.txs);
    expect(state.memories[0]?.textHash && toHex(state.memories[0].textHash)).toBe(late.hashes[0]);
    // Superseded texts are erased; the tags of the put are still shown.
    expect([...state.erase.keys()].sort()).toEqual([put.hashes[0], early.hashes[0]].sort());
    expect(state.keep.has(put.hashes[1] ?? '')).toBe(true);
  });

  it('lets a delete beat every older edit and erases all their blobs', () => {
    const edit = at(b, 2000, { kind: 'edit', id, text: 'edited' });
    const del = at(a, 2500, { kind: 'delete', id });
    const state = merged(put.txs, edit.txs, del.txs);
    const [m] = state.memories;
    expect(m?.alive).toBe(false);
    expect(m?.textHash).toBeNull();
    expect(state.keep.size).toBe(0);
    expect([...state.erase.keys()].sort()).toEqual([...put.hashes, ...edit.hashes].sort());
  });

  it('lets an edit made after the delete (by clock) bring the memory back with only that text', () => {
    const del = at(a, 2000, { kind: 'delete', id });
    const edit = at(b, 3000, { kind: 'edit', id, text: 'still needed' });
    const [m] = merged(put.txs, del.txs, edit.txs).memories;
    expect(m?.alive).toBe(true);
    expect(m?.textHash && toHex(m.textHash)).toBe(edit.hashes[0]);
    expect(m?.tagsHash).toBeNull(); // the tags were written before the delete
  });

  it('merges edits of different fields independently', () => {
    const text = at(a, 2000, { kind: 'edit', id, text: 'new text' });
    const tags = at(b, 2000, { kind: 'edit', id, tags: ['new tag'] });
    const [m] = merged(put.txs, text.txs, tags.txs).memories;
    expect(m?.textHash && toHex(m.textHash)).toBe(text.hashes[0]);
    expect(m?.tagsHash && toHex(m.tagsHash)).toBe(tags.hashes[0]);
  });

  it('names the origin after the earliest put and waits for a put before showing a memory', () => {
    const editOnly = at(b, 2000, { kind: 'edit', id: memoryId(2), text: 'orphan edit' });
    const state = merged(editOnly.txs, put.txs);
    expect(state.memories.find((m) => m.id === id)?.origin?.author).toBe(a.id);
    expect(state.memories.find((m) => m.id === memoryId(2))?.origin).toBeNull();
  });

  it('keeps the blob of tags that arrive before the memory’s text, for when the put arrives', () => {
    const tags = at(b, 2000, { kind: 'edit', id, tags: ['early'] });
    const merge = new MemoryMerge();
    for (const tx of tags.txs) merge.apply(tx);
    expect(merge.views()[0]?.alive).toBe(false);
    expect(merge.content().keep.has(tags.hashes[0] ?? '')).toBe(true);
    for (const tx of put.txs) merge.apply(tx);
    expect(
      merge.views()[0]?.tagsHash && toHex(merge.views()[0]?.tagsHash ?? new Uint8Array()),
    ).toBe(tags.hashes[0]);
    expect(merge.content().erase.has(put.hashes[1] ?? '')).toBe(true);
  });

  it('depends only on the set of transactions: any order, any duplication, same result', () => {
    const c = new TestDevice(2);
    const txs = [
      ...put.txs,
      ...at(a, 2000, { kind: 'edit', id, text: 'a1' }).txs,
      ...at(b, 2000, { kind: 'edit', id, text: 'b1', tags: ['b'] }).txs,
      ...at(c, 2100, { kind: 'delete', id }).txs,
      ...at(b, 2200, { kind: 'edit', id, text: 'b2' }).txs,
      ...at(c, 1500, { kind: 'put', id: memoryId(3), text: 'other', tags: [], source: 'voice' })
        .txs,
      ...at(a, 2300, { kind: 'delete', id: memoryId(3) }).txs,
    ];
    const reference = merged(txs);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(txs, { minLength: txs.length }),
        fc.nat(txs.length),
        (order, dup) => {
          const withDuplicate = [...order, ...order.slice(0, dup)];
          const state = merged(withDuplicate);
          expect(state.memories).toEqual(reference.memories);
          expect([...state.erase.keys()].sort()).toEqual([...reference.erase.keys()].sort());
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('never makes an erased blob needed again as more transactions arrive', () => {
    const writes = [put.txs];
    for (let i = 0; i < 6; i++) {
      const d = i % 2 ? a : b;
      const change: MemoryChange =
        i % 3 === 2 ? { kind: 'delete', id } : { kind: 'edit', id, text: `v${i}`, tags: [`t${i}`] };
      writes.push(at(d, 2000 + i * 100, change).txs);
    }
    const merge = new MemoryMerge();
    const erased = new Set<string>();
    for (const tx of writes.flat()) {
      merge.apply(tx);
      const { keep, erase } = merge.content();
      for (const hex of keep.keys()) expect(erased.has(hex)).toBe(false);
      for (const hex of erase.keys()) erased.add(hex);
    }
  });

  it('lists transactions only on losing branches for re-inclusion, device additions first', () => {
    const add = a.tx({
      kind: 'device-add',
      signKey: b.keys.signPublicKey,
      boxKey: b.keys.boxPublicKey,
      name: 'b',
    });
    const lost = at(b, 1, { kind: 'edit', id, text: 'lost branch' }).txs;
    const state = mergeState({
      blocks: [
        { txs: put.txs, canonical: true },
        { txs: [...lost, add, ...put.txs], canonical: false },
      ],
    });
    expect(state.reinclude.map((t) => t.body.kind)).toEqual(['device-add', 'memory-edit']);
    expect([...state.reinclude].sort(reinclusionOrder)).toEqual(state.reinclude);
  });
});

describe('content blobs', () => {
  it('round-trip text and tags, and salt them so equal texts get different hashes', () => {
    const one = textContent(prims, 'yes');
    const two = textContent(prims, 'yes');
    expect(decodeContent(one.bytes)).toEqual({ kind: 'text', text: 'yes' });
    expect(toHex(one.hash)).not.toBe(toHex(two.hash));
    expect(decodeContent(tagsContent(prims, ['a', 'ö b']).bytes)).toEqual({
      kind: 'tags',
      tags: ['a', 'ö b'],
    });
  });

  it('refuses malformed blobs with a coded error', () => {
    expect(() => decodeContent(new Uint8Array(3))).toThrow(/truncated/);
    const bad = new Uint8Array(18);
    bad[16] = 9;
    expect(() => decodeContent(bad)).toThrow(/unknown content kind/);
  });
});
