/**
 * An interim link between devices for the chain tests: each page's `sync.send` events travel
 * through Node (a Playwright binding) to the other page's `sync.receive`, in order per device.
 * It stands in for the authenticated mesh, which carries the same bytes.
 */
import type { Page } from 'playwright-core';
import type { Device } from './devices.ts';
import { call } from './storage-rpc.ts';

const BINDING = '__kianaSyncOut';

export class SyncPipe {
  readonly #byId = new Map<string, Device>();
  readonly #links = new Set<string>();
  readonly #bound = new WeakSet<object>();
  /** Deliveries per receiving device, chained so they arrive in order. */
  readonly #chains = new Map<string, Promise<void>>();
  #inFlight = 0;
  delivered = 0;

  static #key(a: string, b: string): string {
    return a < b ? `${a}|${b}` : `${b}|${a}`;
  }

  /** Hooks `device`'s current page (call again after a reload or reopen); returns its id. */
  async attach(device: Device): Promise<string> {
    const info = await call(device.page, 'chain.info', undefined);
    this.#byId.set(info.device, device);
    const context = device.context;
    if (!this.#bound.has(context)) {
      this.#bound.add(context);
      await context.exposeBinding(BINDING, (_source, peer: string, b64: string) => {
        this.#forward(info.device, peer, b64);
      });
    }
    await installForwarder(device.page);
    return info.device;
  }

  #forward(from: string, to: string, b64: string): void {
    if (!this.#links.has(SyncPipe.#key(from, to))) return;
    const target = this.#byId.get(to);
    if (!target) return;
    this.#inFlight += 1;
    const previous = this.#chains.get(to) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        if (!this.#links.has(SyncPipe.#key(from, to))) return;
        await target.page.evaluate(
          async ([peer, data]) => {
            const bin = atob(data);
            const bytes = new Uint8Array(bin.length);
            for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
            type Client = { call(m: string, a: unknown, o: unknown): Promise<unknown> };
            const store = (globalThis as unknown as { kianaStore(): Client }).kianaStore();
            await store.call('sync.receive', { peer, bytes }, { timeoutMs: 60_000 });
          },
          [from, b64] as const,
        );
        this.delivered += 1;
      })
      .catch(() => undefined) // a device that went away mid-delivery: the link is down
      .finally(() => (this.#inFlight -= 1));
    this.#chains.set(to, next);
  }

  /** Link up: both sides are told their peer is there and start a session. */
  async link(a: string, b: string): Promise<void> {
    this.#links.add(SyncPipe.#key(a, b));
    for (const [self, peer] of [
      [a, b],
      [b, a],
    ] as const) {
      const device = this.#byId.get(self);
      if (device) await call(device.page, 'sync.open', { peer: peer as never });
    }
  }

  /** Link down: messages in flight are dropped, both sides close their session. */
  async unlink(a: string, b: string): Promise<void> {
    this.#links.delete(SyncPipe.#key(a, b));
    for (const [self, peer] of [
      [a, b],
      [b, a],
    ] as const) {
      const device = this.#byId.get(self);
      if (device) await call(device.page, 'sync.close', { peer: peer as never }).catch(() => {});
    }
  }

  /** Waits until nothing has been in flight for `quietMs`. */
  async idle(quietMs = 1_000, timeoutMs = 120_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    let quietSince = Date.now();
    let seen = this.delivered;
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      if (this.#inFlight > 0 || this.delivered !== seen) {
        quietSince = Date.now();
        seen = this.delivered;
      } else if (Date.now() - quietSince >= quietMs) return;
    }
    throw new Error('sync did not settle');
  }
}

/** Forwards the page's `sync.send` events to the binding (once per page load). */
async function installForwarder(page: Page): Promise<void> {
  await page.evaluate((binding) => {
    const g = globalThis as unknown as Record<string, unknown>;
    if (g.__kianaSyncForwarding) return;
    g.__kianaSyncForwarding = true;
    type Client = {
      on(name: string, f: (e: { peer: string; bytes: Uint8Array }) => void): () => void;
    };
    const store = (g.kianaStore as () => Client)();
    const out = g[binding] as (peer: string, b64: string) => void;
    store.on('sync.send', ({ peer, bytes }) => {
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) {
        bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      }
      out(peer, btoa(bin));
    });
  }, BINDING);
}

/** The memories a device shows, id → "text [tags]", for comparing devices. */
export async function shown(page: Page): Promise<Record<string, string>> {
  const list = await call(page, 'memories.list', { limit: 500 });
  return Object.fromEntries(list.rows.map((m) => [m.id, `${m.text} [${m.tags.join(',')}]`]));
}

/** Pairs two devices as "My devices": each signs the other's device-add. */
export async function pairDevices(a: Device, b: Device): Promise<void> {
  const keys = async (d: Device) => {
    const info = await call(d.page, 'chain.info', undefined);
    return { sign: info.signKey, box: info.boxKey, name: d.name };
  };
  const [ka, kb] = [await keys(a), await keys(b)];
  for (const [d, k] of [
    [a, kb],
    [b, ka],
  ] as const) {
    await d.page.evaluate(async (key) => {
      const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
      type Client = { call(m: string, a: unknown): Promise<unknown> };
      const store = (globalThis as unknown as { kianaStore(): Client }).kianaStore();
      await store.call('chain.addDevice', {
        signKey: hex(key.sign),
        boxKey: hex(key.box),
        name: key.name,
      });
    }, k);
  }
}

/**
 * True when `needle` (UTF-8) occurs in any file of the page's origin private file system: the raw
 * bytes of the database, its WAL and anything else stored there.
 */
export async function opfsContains(page: Page, needle: string): Promise<boolean> {
  return page.evaluate(async (text) => {
    const target = new TextEncoder().encode(text);
    const contains = (hay: Uint8Array): boolean => {
      outer: for (let i = 0; i + target.length <= hay.length; i++) {
        for (let j = 0; j < target.length; j++) if (hay[i + j] !== target[j]) continue outer;
        return true;
      }
      return false;
    };
    const walk = async (dir: FileSystemDirectoryHandle): Promise<boolean> => {
      for await (const handle of (
        dir as unknown as { values(): AsyncIterable<FileSystemHandle> }
      ).values()) {
        if (handle.kind === 'directory') {
          if (await walk(handle as FileSystemDirectoryHandle)) return true;
        } else {
          const file = await (handle as FileSystemFileHandle).getFile();
          if (contains(new Uint8Array(await file.arrayBuffer()))) return true;
        }
      }
      return false;
    };
    return walk(await navigator.storage.getDirectory());
  }, needle);
}
