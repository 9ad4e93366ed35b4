import { describe, expect, it } from 'vitest';
import { MemoryPipe } from '../../../src/core/sync/memory-pipe.ts';
import {
  asSyncProgress,
  blocksProgress,
  contentsProgress,
  type SyncProgress,
} from '../../../src/core/sync/progress.ts';
import { SyncSession } from '../../../src/core/sync/session.ts';
import { TestDevice, memoryId } from '../chain/helpers.ts';
import { headOf, peer } from './peers.ts';

describe('sync progress arithmetic', () => {
  it('counts the blocks after the shared base up to the target head', () => {
    // A fresh device (no base: −1) fetching heights 0 … 9 has ten blocks to go.
    expect(blocksProgress(-1, 9, -1)).toEqual({ phase: 'blocks', done: 0, total: 10 });
    expect(blocksProgress(-1, 9, 3)).toEqual({ phase: 'blocks', done: 4, total: 10 });
    // Sharing blocks 0 … 4: five more, two of them in.
    expect(blocksProgress(4, 9, 6)).toEqual({ phase: 'blocks', done: 2, total: 5 });
    expect(blocksProgress(4, 9, 9)).toEqual({ phase: 'blocks', done: 5, total: 5 });
  });

  it('keeps done within 0 … total and has no progress when there is nothing to fetch', () => {
    expect(blocksProgress(4, 9, 12)?.done).toBe(5);
    expect(blocksProgress(4, 9, 1)?.done).toBe(0);
    expect(blocksProgress(9, 9, 9)).toBeNull();
    expect(contentsProgress(0, 0)).toBeNull();
    expect(contentsProgress(20, 7)).toEqual({ phase: 'contents', done: 7, total: 20 });
    expect(contentsProgress(20, 25)?.done).toBe(20);
  });

  it('takes only well-formed progress from across a port', () => {
    const good = { phase: 'contents', done: 3, total: 4 };
    expect(asSyncProgress(good)).toEqual(good);
    for (const bad of [
      null,
      undefined,
      'blocks',
      { phase: 'texts', done: 1, total: 2 },
      { phase: 'blocks', done: 3, total: 2 },
      { phase: 'blocks', done: -1, total: 2 },
      { phase: 'blocks', done: 0, total: 0 },
      { phase: 'blocks', done: 0.5, total: 2 },
      { phase: 'blocks', done: '1', total: 2 },
      { phase: 'blocks', done: 1, total: Number.POSITIVE_INFINITY },
    ]) {
      expect(asSyncProgress(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});

describe('a pull reports its progress', () => {
  it('goes through the blocks, then the missing blobs, each from zero towards its total', () => {
    const a = new TestDevice(0);
    a.genesis();
    for (let i = 0; i < 60; i++) {
      a.wallMs += 1;
      // Texts longer than a chunk's blob budget never ride along with their block: they come by `want`.
      const text = `note ${i} `.padEnd(800, 'x');
      a.change({ kind: 'put', id: memoryId(i), text, tags: ['t'], source: 'typed' });
    }
    const fresh = new TestDevice(5, a.wallMs);
    // Small chunks: the blocks come in several, and most blobs do not ride along with them.
    const chunk = 600;
    const pipe = new MemoryPipe();
    const session = (p: ReturnType<typeof peer>, end: 0 | 1) =>
      new SyncSession({ ...p, chunkBytes: chunk, send: (bytes) => pipe.ends[end].send(bytes) });
    const sa = session(peer(a), 0);
    const sb = session(peer(fresh), 1);
    const seen: SyncProgress[] = [];
    pipe.onReceive(0, (bytes) => sa.receive(bytes));
    pipe.onReceive(1, (bytes) => {
      sb.receive(bytes);
      if (sb.progress) seen.push(sb.progress);
    });
    sa.start();
    sb.start();
    pipe.run();
    expect(sb.report?.error ?? null).toBeNull();
    expect(headOf(fresh)).toBe(headOf(a));
    expect(sb.progress).toBeNull();

    const blocks = seen.filter((p) => p.phase === 'blocks');
    const contents = seen.filter((p) => p.phase === 'contents');
    // Every block of A's chain, genesis included, is one to fetch.
    const height = a.tree.head?.height ?? 0;
    expect(new Set(blocks.map((p) => p.total))).toEqual(new Set([height + 1]));
    expect(blocks.some((p) => p.done > 0 && p.done < p.total)).toBe(true);
    expect(isRising(blocks)).toBe(true);
    // The blobs phase follows the blocks, and counts only the blobs that did not ride along.
    expect(seen.findIndex((p) => p.phase === 'contents')).toBeGreaterThan(
      seen.findLastIndex((p) => p.phase === 'blocks'),
    );
    const missing = contents[0]?.total ?? 0;
    expect(missing).toBeGreaterThan(0);
    expect(missing).toBeLessThan(a.contents.blobs.size);
    expect(new Set(contents.map((p) => p.total))).toEqual(new Set([missing]));
    expect(contents.some((p) => p.done > 0 && p.done < p.total)).toBe(true);
    expect(isRising(contents)).toBe(true);
    for (const hex of a.tree.content().keep.keys()) {
      expect(fresh.contents.blobs.has(hex)).toBe(true);
    }
  });
});

function isRising(list: readonly SyncProgress[]): boolean {
  return list.every((p, i) => i === 0 || p.done >= (list[i - 1]?.done ?? 0));
}
