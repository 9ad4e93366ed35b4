/**
 * Multi-tab ownership, minus the browser: real BroadcastChannels and MessageChannels in Node,
 * the real handlers over an in-memory database. Each "tab" has a StorePort and an RpcClient;
 * the owner's worker is `serve` on a MessageChannel plus `serveRelay` on the channel.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RpcClient } from '../../../src/core/api/rpc.ts';
import type { StoreContract, StoreEvents } from '../../../src/core/api/store.ts';
import { STORE_CHANNEL, type ChannelLike } from '../../../src/core/api/store-channel.ts';
import { StoreHost } from '../../../workers/store/host.ts';
import { serveStore } from '../../../workers/store/serve-store.ts';
import { StorePort } from '../../../src/platform/store-port.ts';
import { StoreService } from '../../../workers/store/service.ts';
import { newMemoryId } from '@kiana/shared/ids';
import type { MemoriesChanged } from '../../../src/core/memory/types.ts';
import { DEVICE, IDENTITY, openTestDb, type TestDb } from './sqlite-node.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A channel that can "die" like a closed tab: it then neither sends nor receives. */
function killableChannel(): ChannelLike & { kill(): void } {
  const bc = new BroadcastChannel(STORE_CHANNEL);
  let dead = false;
  const wrapped = new Map<(e: MessageEvent) => void, (e: MessageEvent) => void>();
  cleanups.push(() => bc.close());
  return {
    postMessage: (m) => {
      if (!dead) bc.postMessage(m);
    },
    addEventListener: (_t, l) => {
      const w = (e: Event) => {
        if (!dead) l(e as MessageEvent);
      };
      wrapped.set(l, w);
      bc.addEventListener('message', w);
    },
    removeEventListener: (_t, l) => {
      const w = wrapped.get(l);
      if (w) bc.removeEventListener('message', w);
    },
    kill: () => {
      dead = true;
    },
  };
}

/** An owning "worker" over a shared database file: direct port plus relay. */
function startOwner(t: TestDb, leaderId: string) {
  const host = new StoreHost((args, outlet) =>
    StoreService.create({ ...t, ...args, vfs: 'memory', fallbackReason: null, ...outlet }),
  );
  const pipe = new MessageChannel();
  const channel = killableChannel();
  const served = serveStore(pipe.port1, host, () => channel, { leader: leaderId });
  cleanups.push(() => {
    served.close();
    pipe.port1.close();
    pipe.port2.close();
  });
  return { pipe, channel, served, host };
}

function tab(): { port: StorePort; client: RpcClient<StoreContract, StoreEvents> } {
  const bc = new BroadcastChannel(STORE_CHANNEL);
  const port = new StorePort(bc, `tab-${Math.random().toString(36).slice(2)}`);
  cleanups.push(() => {
    port.close();
    bc.close();
  });
  return { port, client: new RpcClient<StoreContract, StoreEvents>(port) };
}

describe('store ownership across tabs', () => {
  it('serves a follower tab through the channel and pushes changes to it', async () => {
    const t = await openTestDb();
    const owner = startOwner(t, 'L1');
    const a = tab();
    a.port.useWorker(owner.pipe.port2);
    await a.client.call('db.open', { device: DEVICE, identity: IDENTITY });

    const b = tab();
    const seen: MemoriesChanged[] = [];
    b.client.on('memories.changed', (c) => seen.push(c));
    const m = await b.client.call('memories.put', {
      id: newMemoryId(),
      text: 'from tab B',
      source: 'typed',
    });
    expect((await a.client.call('memories.get', { id: m.id }))?.text).toBe('from tab B');
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toEqual({ ids: [m.id], kind: 'put', all: false });
  });

  it('validates arguments at the boundary with bad-message', async () => {
    const t = await openTestDb();
    const owner = startOwner(t, 'L1');
    const a = tab();
    a.port.useWorker(owner.pipe.port2);
    await expect(
      a.client.call('db.open', { device: 'nope', identity: IDENTITY }),
    ).rejects.toMatchObject({
      code: 'bad-message',
    });
    await a.client.call('db.open', { device: DEVICE, identity: IDENTITY });
    const bad = { id: 'x y', text: '', source: 'psychic' } as never;
    await expect(a.client.call('memories.put', bad)).rejects.toMatchObject({
      code: 'bad-message',
    });
    await expect(a.client.call('memories.list', { limit: 10_000 })).rejects.toMatchObject({
      code: 'bad-message',
    });
  });

  it('loses no write when the owner vanishes: unanswered calls go to the next owner', async () => {
    const t = await openTestDb();
    const first = startOwner(t, 'L1');
    const a = tab();
    a.port.useWorker(first.pipe.port2);
    await a.client.call('db.open', { device: DEVICE, identity: IDENTITY });
    const b = tab();
    await b.client.call('memories.count', {});

    // The owner dies: its channel goes silent. B keeps writing; nothing answers yet.
    first.channel.kill();
    const ids = Array.from({ length: 20 }, () => newMemoryId());
    const writes = ids.map((id, i) =>
      b.client.call('memories.put', { id, text: `note ${i}`, source: 'typed' }),
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(b.port.unanswered).toBe(20);

    // Another tab takes over with a new worker over the same database file.
    const second = startOwner(t, 'L2');
    const c = tab();
    c.port.useWorker(second.pipe.port2);
    await c.client.call('db.open', { device: DEVICE, identity: IDENTITY });

    await Promise.all(writes);
    expect(b.port.unanswered).toBe(0);
    expect(await c.client.call('memories.count', {})).toBe(20);
    const listed = await b.client.call('memories.list', { limit: 50 });
    expect(new Set(listed.rows.map((r) => r.id))).toEqual(new Set(ids));
  });

  it('makes a write that the old owner did but never confirmed harmless to repeat', async () => {
    const t = await openTestDb();
    const first = startOwner(t, 'L1');
    const a = tab();
    a.port.useWorker(first.pipe.port2);
    await a.client.call('db.open', { device: DEVICE, identity: IDENTITY });
    const id = newMemoryId();
    // Simulate "executed, answer lost": write directly through the owner, then kill it.
    await a.client.call('memories.put', { id, text: 'once', source: 'typed' });
    first.channel.kill();
    const b = tab();
    const retry = b.client.call('memories.put', { id, text: 'once', source: 'typed' });
    const second = startOwner(t, 'L2');
    const c = tab();
    c.port.useWorker(second.pipe.port2);
    await c.client.call('db.open', { device: DEVICE, identity: IDENTITY });
    expect((await retry).id).toBe(id);
    expect(await c.client.call('memories.count', {})).toBe(1);
  });

  it('lets calls made before the database is open wait for it', async () => {
    const t = await openTestDb();
    const owner = startOwner(t, 'L1');
    const a = tab();
    a.port.useWorker(owner.pipe.port2);
    const early = a.client.call('memories.count', {});
    await new Promise((r) => setTimeout(r, 20));
    await a.client.call('db.open', { device: DEVICE, identity: IDENTITY });
    expect(await early).toBe(0);
  });

  it('exports through the RPC as an ArrayBuffer and imports it back', async () => {
    const t = await openTestDb();
    const owner = startOwner(t, 'L1');
    const a = tab();
    a.port.useWorker(owner.pipe.port2);
    await a.client.call('db.open', { device: DEVICE, identity: IDENTITY });
    await a.client.call('memories.put', { id: newMemoryId(), text: 'exported', source: 'typed' });
    const buffer = await a.client.call('db.export', undefined);
    expect(buffer).toBeInstanceOf(ArrayBuffer);
    const result = await a.client.call('db.import', { bytes: buffer });
    expect(result).toMatchObject({ added: 0, updated: 0, skipped: 0 });
    await expect(a.client.call('db.import', { bytes: new Uint8Array(1000) })).rejects.toMatchObject(
      { code: 'import-invalid' },
    );
  });
});
