/**
 * Shared steps of the removal tests: sync two devices as the store does, and read what each
 * device shows and still holds.
 */
import { syncInMemory } from '../../../src/core/sync/memory-pipe.ts';
import { TestDevice } from './helpers.ts';

function peer(d: TestDevice) {
  return { tree: d.tree, contents: d.contents, now: () => d.wallMs };
}

/** One session between `x` and `y`, then both settle; the error codes of both sides. */
export function sync(x: TestDevice, y: TestDevice): (string | null)[] {
  const { reports } = syncInMemory(peer(x), peer(y));
  x.settle();
  y.settle();
  return reports.map((r) => r?.error?.code ?? null);
}

/** The ids of the memories `d` shows. */
export function alive(d: TestDevice): string[] {
  return d.tree
    .memories()
    .filter((m) => m.alive)
    .map((m) => m.id);
}

/** How many content blobs `d` holds. */
export function blobsHeld(d: TestDevice): number {
  return d.contents.blobs.size;
}

/** Three devices on one chain, all authorities, synced: a made genesis and added the others. */
export function trio(): [TestDevice, TestDevice, TestDevice] {
  const devices = [0, 1, 2].map((n) => new TestDevice(n)) as [TestDevice, TestDevice, TestDevice];
  const [a, b, c] = devices;
  a.genesis();
  a.add(b);
  a.add(c);
  sync(a, b);
  sync(a, c);
  return devices;
}
