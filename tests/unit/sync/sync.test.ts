import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/core/chain/bytes.ts';
import { syncInMemory } from '../../../src/core/sync/memory-pipe.ts';
import { TestDevice, memoryId } from '../chain/helpers.ts';
import { headOf, peer, syncOk, syncedPair, writeMany } from './peers.ts';

/** Bytes on the wire beyond the blocks and blobs that had to travel. */
function overhead(pipeBytes: number, payload: readonly Uint8Array[]): number {
  return pipeBytes - payload.reduce((n, p) => n + p.length, 0);
}

describe('sync', () => {
  it('brings one new block among 10,000 across in at most 3 round trips and under 4 KB of overhead', () => {
    const { a, b } = syncedPair(10_000);
    expect(headOf(b)).toBe(headOf(a));
    writeMany(a, 1, 20_000);
    const block = a.tree.head?.block;
    if (!block) throw new Error('no head');
    const blobs = [...a.contents.blobs.values()].filter(
      (bytes) => !b.contents.blobs.has(toHex(a.tree.prims.sha256(bytes))),
    );
    const pipe = syncOk(a, b);
    expect(headOf(b)).toBe(headOf(a));
    expect(pipe.roundTrips).toBeLessThanOrEqual(3);
    const extra = overhead(pipe.stats.bytes, [block.bytes, ...blobs]);
    expect(extra).toBeLessThan(4096);
    console.info(
      `d=1, n=10,000: ${pipe.roundTrips} round trips, ${pipe.stats.bytes} bytes, ${extra} beyond block and blobs`,
    );

    // A fork of one block on each side is just as cheap, in both directions at once.
    writeMany(a, 1, 30_000);
    writeMany(b, 1, 40_000);
    const both = syncOk(a, b);
    expect(both.roundTrips).toBeLessThanOrEqual(3);
    expect(a.tree.size).toBe(b.tree.size);
    expect(a.tree.memories()).toEqual(b.tree.memories());
  }, 120_000);

  it('finds a deep fork point by narrowing and exchanges only the two branches', () => {
    const { a, b } = syncedPair(300);
    writeMany(a, 100, 1000);
    writeMany(b, 100, 2000);
    const before = a.tree.size;
    const pipe = syncOk(a, b);
    expect(a.tree.size).toBe(before + 100);
    expect(b.tree.size).toBe(a.tree.size);
    expect(a.tree.memories()).toEqual(b.tree.memories());
    // hello, narrow/probe twice at most, then the blocks (two chunks at most) and done.
    expect(pipe.roundTrips).toBeLessThanOrEqual(6);
  });

  it('never sends back the blocks it has just pulled from the same peer', () => {
    const { a, b } = syncedPair(50);
    writeMany(a, 100, 1000);
    const { reports } = syncInMemory(peer(a), peer(b));
    expect(reports[0]?.blocksSent).toBe(100);
    expect(reports[1]?.blocksSent).toBe(0);
    expect(headOf(b)).toBe(headOf(a));
  });

  it('gives a new, empty device the whole chain in chunks, blobs included', () => {
    const { a } = syncedPair(50);
    const fresh = new TestDevice(5, a.wallMs);
    const pipe = syncOk(a, fresh, 2_000);
    expect(headOf(fresh)).toBe(headOf(a));
    expect(pipe.stats.messages).toBeGreaterThan(10);
    for (const hex of a.tree.content().keep.keys())
      expect(fresh.contents.blobs.has(hex)).toBe(true);
  });

  it('resumes a transfer that was cut off without sending the same blocks again', () => {
    const { a } = syncedPair(60);
    const fresh = new TestDevice(5, a.wallMs);
    let chunks = 0;
    const first = syncInMemory(peer(a, 2_000), peer(fresh, 2_000), (pipe) => {
      // Cut the link after the third chunk of blocks has been delivered.
      pipe.drop = (bytes) => bytes[0] === 4 && ++chunks > 3;
    });
    expect(first.reports[1]).toBeNull();
    const got = fresh.tree.size;
    expect(got).toBeGreaterThan(3);
    expect(got).toBeLessThan(a.tree.size);
    const second = syncInMemory(peer(a, 2_000), peer(fresh, 2_000));
    expect(second.reports[0]?.blocksSent).toBe(a.tree.size - got);
    expect(headOf(fresh)).toBe(headOf(a));
  });

  it('fetches blobs it still lacks even when the blocks are already there', () => {
    const { a, b } = syncedPair(5);
    const lost = [...b.contents.blobs.keys()].slice(0, 3);
    for (const hex of lost) b.contents.blobs.delete(hex);
    syncOk(a, b);
    for (const hex of lost) expect(b.contents.blobs.has(hex)).toBe(true);
  });

  it('erases a deleted memory’s blobs and never sends them again', () => {
    const { a, b } = syncedPair(3);
    const id = memoryId(1);
    a.wallMs += 10;
    a.change({ kind: 'delete', id });
    a.settle();
    syncOk(a, b);
    b.settle();
    const erased = [...b.tree.content().erase.keys()];
    expect(erased.length).toBeGreaterThan(0);
    for (const d of [a, b]) for (const hex of erased) expect(d.contents.blobs.has(hex)).toBe(false);
    // A device that was offline gets the tombstone but not the text.
    const late = new TestDevice(5, a.wallMs);
    syncOk(a, late);
    for (const hex of erased) expect(late.contents.blobs.has(hex)).toBe(false);
    expect(late.tree.memories().find((m) => m.id === id)?.alive).toBe(false);
  });

  it('tells the store which memories changed, so it rewrites only those rows', () => {
    const { a, b } = syncedPair(5);
    b.tree.takeChanges();
    a.wallMs += 10;
    a.change({ kind: 'edit', id: memoryId(2), text: 'changed' });
    syncOk(a, b);
    expect(b.tree.takeChanges()).toEqual({ ids: [memoryId(2)], all: false });
    expect(b.tree.takeChanges().ids).toEqual([]);
    expect(b.tree.memory(memoryId(2))).toEqual(a.tree.memory(memoryId(2)));
  });

  it('is up to date in one round trip when both sides already agree', () => {
    const { a, b } = syncedPair(20);
    const pipe = syncOk(a, b);
    expect(pipe.roundTrips).toBeLessThanOrEqual(2);
    expect(pipe.stats.bytes).toBeLessThan(2 * 1024);
  });
});
