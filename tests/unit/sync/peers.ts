/**
 * Helpers for the sync tests and the chain bench: long chains, synced pairs, and a scripted peer
 * that answers with whatever bytes a test wants.
 */
import { expect } from 'vitest';
import { encodeMessage, type SyncMessage } from '../../../src/core/sync/messages.ts';
import { MemoryPipe, syncInMemory, type SyncPeer } from '../../../src/core/sync/memory-pipe.ts';
import { SyncSession, type SyncReport } from '../../../src/core/sync/session.ts';
import { TestDevice, memoryId } from '../chain/helpers.ts';

/** The sync view of a device. */
export function peer(d: TestDevice, chunkBytes?: number): SyncPeer {
  return {
    tree: d.tree,
    contents: d.contents,
    now: () => d.wallMs,
    ...(chunkBytes === undefined ? {} : { chunkBytes }),
  };
}

/** The hex hash of a device's head (a function, so no narrowing outlives a sync). */
export function headOf(d: TestDevice): string | undefined {
  return d.tree.head?.hex;
}

/** Writes `count` memories on `d`, one block each. */
export function writeMany(d: TestDevice, count: number, from = 0): void {
  for (let i = 0; i < count; i++) {
    d.wallMs += 1;
    d.change({
      kind: 'put',
      id: memoryId(from + i),
      text: `note ${from + i}`,
      tags: [],
      source: 'typed',
    });
  }
}

/** Device A with a chain of `blocks` blocks after genesis and pairing; B paired and in sync. */
export function syncedPair(blocks: number): { a: TestDevice; b: TestDevice } {
  const a = new TestDevice(0);
  const b = new TestDevice(1);
  a.genesis();
  a.add(b);
  writeMany(a, blocks);
  // B takes A's blocks as if from its own storage: the setup, not the sync under test.
  for (let h = 0; h <= (a.tree.head?.height ?? 0); h++) {
    const entry = a.tree.canonicalAt(h);
    if (entry) b.tree.add(entry.block.bytes, a.wallMs, true);
  }
  for (const [hex, bytes] of a.contents.blobs) b.contents.blobs.set(hex, bytes);
  b.wallMs = a.wallMs;
  return { a, b };
}

/** Syncs two devices, expecting success; returns the pipe. */
export function syncOk(a: TestDevice, b: TestDevice, chunkBytes?: number): MemoryPipe {
  const { pipe, reports } = syncInMemory(peer(a, chunkBytes), peer(b, chunkBytes));
  expect(reports.map((r) => r?.error?.message ?? null)).toEqual([null, null]);
  return pipe;
}

/**
 * Runs `d`'s session against a scripted peer: `answer` gets each decoded-type byte and message
 * bytes from `d` and returns the raw messages to send back. Returns `d`'s report.
 */
export function againstScript(
  d: TestDevice,
  answer: (bytes: Uint8Array) => readonly (SyncMessage | Uint8Array)[],
): SyncReport | null {
  const pipe = new MemoryPipe();
  const session = new SyncSession({
    tree: d.tree,
    contents: d.contents,
    now: () => d.wallMs,
    send: (bytes) => pipe.ends[0].send(bytes),
  });
  pipe.onReceive(0, (bytes) => session.receive(bytes));
  pipe.onReceive(1, (bytes) => {
    for (const reply of answer(bytes)) {
      pipe.ends[1].send(reply instanceof Uint8Array ? reply : encodeMessage(reply));
    }
  });
  session.start();
  pipe.run(1_000);
  return session.report;
}
