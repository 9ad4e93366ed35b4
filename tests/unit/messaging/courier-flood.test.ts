/**
 * A paired device that floods the message line: received frames wait for the store one after
 * another, and what they may hold in memory is capped per device. Over the cap a frame is
 * dropped (its honest sender sends it again until acknowledged); once the store catches up the
 * device is heard again, and another device is never held up by the flooder.
 */
import { describe, expect, it, vi } from 'vitest';
import type { DeviceId } from '@kiana/shared/ids';
import {
  FRAME_OVERHEAD_BYTES,
  INBOUND_LIMIT_BYTES,
  INBOUND_LIMIT_FRAMES,
  InboundBudget,
} from '../../../src/core/mesh/inbound-budget.ts';
import type { Mesh } from '../../../src/core/mesh/mesh.ts';
import { encodeFrame } from '../../../src/core/messaging/frames.ts';
import { MessageCourier } from '../../../src/platform/message-courier.ts';
import { fakeStore } from '../state/helpers.ts';

const FLOODER = 'f'.repeat(26) as DeviceId;
const FRIEND = 'a'.repeat(26) as DeviceId;
const KIB = 1024;

/** The mesh as the courier sees it, with `deliver` to play a peer's frame. */
function fakeMesh() {
  let handler: ((from: DeviceId, bytes: Uint8Array) => void) | null = null;
  const mesh = {
    subscribe: () => () => undefined,
    on: (_topic: string, h: typeof handler) => {
      handler = h;
      return () => undefined;
    },
    myDevices: () => [],
    peers: () => [],
    isUp: () => true,
    send: () => Promise.resolve(),
  };
  const deliver = (from: DeviceId, bytes: Uint8Array) => handler?.(from, bytes);
  return { mesh: mesh as unknown as Mesh, deliver };
}

const cipher = (size: number, mark: number) =>
  encodeFrame({ type: 'cipher', bytes: new Uint8Array(size).fill(mark) });

describe('the message line under a flood', () => {
  it('drops what exceeds the cap per device and hears the device again once it drains', async () => {
    const held: (() => void)[] = [];
    const store = fakeStore({
      // The store is slow: each message waits until the test lets it through.
      'messages.receive': async ({ bytes }) => {
        await new Promise<void>((resolve) => held.push(resolve));
        return { outcome: 'rejected', code: `m${bytes[0]}` } as never;
      },
    });
    const { mesh, deliver } = fakeMesh();
    new MessageCourier(mesh, store.ref(), () => Promise.resolve(), 1024 * KIB).start();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      for (let i = 1; i <= 6; i++) deliver(FLOODER, cipher(300 * KIB, i));
      // Three fit under 1 MiB; 4, 5 and 6 are dropped before they wait.
      const dropped = () =>
        warn.mock.calls.filter((c) => String(c[0]).includes('too much waiting')).length;
      expect(dropped()).toBe(3);
      // Another device is not held behind the flooder's line.
      deliver(FRIEND, cipher(1 * KIB, 9));
      await vi.waitFor(() => expect(held.length).toBe(2));
      const received = () => store.argsOf('messages.receive').map((a) => [a.peer, a.bytes[0]]);
      expect(received()).toEqual([
        [FLOODER, 1],
        [FRIEND, 9],
      ]);
      // The flooder's line drains; a new frame from it is taken again.
      for (let i = 0; i < 3; i++) {
        held.shift()?.();
        await vi.waitFor(() => expect(held.length).toBeGreaterThan(0));
      }
      deliver(FLOODER, cipher(300 * KIB, 7));
      expect(dropped()).toBe(3);
      while (received().length < 5) {
        held.shift()?.();
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(received().map(([, mark]) => mark)).toEqual([1, 9, 2, 3, 7]);
    } finally {
      warn.mockRestore();
      for (const release of held) release();
    }
  });
});

describe('the message line under a flood of empty frames', () => {
  it('caps how many frames wait, so frames with nothing in them cannot pile up', () => {
    const held: (() => void)[] = [];
    const store = fakeStore({
      'messages.receipt': async () => {
        await new Promise<void>((resolve) => held.push(resolve));
      },
    });
    const { mesh, deliver } = fakeMesh();
    new MessageCourier(mesh, store.ref(), () => Promise.resolve()).start();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const empty = encodeFrame({ type: 'delivered', ids: [] });
      for (let i = 0; i < INBOUND_LIMIT_FRAMES + 10; i++) deliver(FLOODER, empty);
      const dropped = warn.mock.calls.filter((c) => String(c[0]).includes('too much waiting'));
      expect(dropped).toHaveLength(10);
    } finally {
      warn.mockRestore();
      for (const release of held) release();
    }
  });
});

describe('InboundBudget', () => {
  it('keeps each peer under its caps and frees what was handled', () => {
    const frame = 100;
    const cost = frame + FRAME_OVERHEAD_BYTES;
    const budget = new InboundBudget<string>(2 * cost, 10);
    expect(budget.take('a', frame)).toBe(true);
    expect(budget.take('a', frame)).toBe(true);
    expect(budget.take('a', 0)).toBe(false); // even an empty frame costs its overhead
    expect(budget.take('b', frame)).toBe(true);
    budget.give('a', frame);
    budget.give('a', frame);
    expect(budget.waiting('a')).toBe(0);
    expect(budget.take('a', frame)).toBe(true);
  });

  it('caps what all peers together have waiting', () => {
    const cost = 100 + FRAME_OVERHEAD_BYTES;
    const budget = new InboundBudget<string>(2 * cost, 10, 3 * cost);
    expect(budget.take('a', 100)).toBe(true);
    expect(budget.take('a', 100)).toBe(true);
    expect(budget.take('b', 100)).toBe(true);
    expect(budget.take('c', 100)).toBe(false); // c is under its own cap, but all are full
    budget.give('a', 100);
    expect(budget.take('c', 100)).toBe(true);
  });

  it('caps how many frames wait, however small', () => {
    const budget = new InboundBudget<string>(Number.MAX_SAFE_INTEGER, 3);
    for (let i = 0; i < 3; i++) expect(budget.take('a', 0)).toBe(true);
    expect(budget.take('a', 0)).toBe(false);
    budget.give('a', 0);
    expect(budget.take('a', 0)).toBe(true);
  });
});

describe('the sync line under a flood', () => {
  it('drops frames over the cap or larger than any sync message, before they wait', async () => {
    const { startChainSync } = await import('../../../src/platform/chain-sync-glue.ts');
    const { MAX_MESSAGE_BYTES } = await import('../../../src/core/sync/messages.ts');
    const { FRAME_HEADER_BYTES } = await import('../../../src/core/sync/frame.ts');
    const held: (() => void)[] = [];
    const store = fakeStore({
      'sync.open': () => undefined,
      'sync.receive': async () => {
        await new Promise<void>((resolve) => held.push(resolve));
      },
    });
    const { mesh, deliver } = fakeMesh();
    // A My device that floods the sync topic.
    (mesh as unknown as { myDevices: () => DeviceId[] }).myDevices = () => [FLOODER];
    const host = { whenLeading: (use: (m: Mesh) => void) => use(mesh), mesh };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      startChainSync(host as never, () => store.ref());
      const dropped = () =>
        warn.mock.calls.filter((c) => String(c[1]).includes('dropped a')).length;
      // Too large or too small for any sync message: dropped at once.
      deliver(FLOODER, new Uint8Array(FRAME_HEADER_BYTES + MAX_MESSAGE_BYTES + 1));
      deliver(FLOODER, new Uint8Array(FRAME_HEADER_BYTES));
      expect(dropped()).toBe(2);
      // Full-size frames until the cap, then three more.
      const size = FRAME_HEADER_BYTES + MAX_MESSAGE_BYTES;
      const fits = Math.floor(INBOUND_LIMIT_BYTES / (size + FRAME_OVERHEAD_BYTES));
      for (let i = 0; i < fits + 3; i++) deliver(FLOODER, new Uint8Array(size));
      expect(dropped()).toBe(2 + 3);
      await vi.waitFor(() => expect(held).toHaveLength(1));
    } finally {
      warn.mockRestore();
      for (;;) {
        const release = held.shift();
        if (!release) break;
        release();
        await new Promise((r) => setTimeout(r, 1));
      }
    }
  });
});

describe('files from one peer', () => {
  it('asks one peer for at most a peer window of chunks over all its files at once', async () => {
    const files = ['t1', 't2', 't3'].map((transfer) => ({
      transfer,
      have: 0,
      chunks: 100,
      missing: Array.from({ length: 100 }, (_, i) => i),
    }));
    const store = fakeStore({ 'messages.fileWants': () => files });
    const asked: { transfer: string; indices: number[] }[] = [];
    const { FileCourier } = await import('../../../src/platform/file-courier.ts');
    const { PEER_WANT_WINDOW, WANT_WINDOW } =
      await import('../../../src/core/messaging/file-wants.ts');
    const courier = new FileCourier(store.ref(), {
      enqueue: (_peer, step) => void step(),
      send: (_peer, frame) => {
        if (frame.type === 'want')
          asked.push({ transfer: frame.transfer, indices: [...frame.indices] });
        return Promise.resolve(true);
      },
      isUp: () => true,
    });
    await courier.ask(FRIEND);
    const total = asked.reduce((n, a) => n + a.indices.length, 0);
    expect(total).toBe(PEER_WANT_WINDOW);
    expect(asked.map((a) => a.transfer)).toEqual(['t1', 't2']);
    expect(asked[0]?.indices).toHaveLength(WANT_WINDOW);
    // A dropped chunk (too much waiting) may be asked for again: one place frees up.
    courier.dropped(FRIEND, { type: 'chunk', transfer: 't1', index: 0, bytes: new Uint8Array() });
    courier.stop(FRIEND); // its retry timer is not this test's business
    asked.length = 0;
    await courier.ask(FRIEND);
    // t1 and t2 have more than half a window on their way: the freed place goes to t3.
    expect(asked).toEqual([{ transfer: 't3', indices: [0] }]);
  });
});
