/**
 * Several stores (each its own SQLite database and device identity) joined by an in-memory link
 * that carries their `sync.send` bytes to the other side's `syncReceive`: the worker-level sync
 * path without browsers. Links can be cut and healed.
 */
import type { DeviceId, MemoryId } from '@kiana/shared/ids';
import type { StoreService } from '../../../workers/store/service.ts';
import type { StoreEvents } from '../../../src/core/api/store.ts';
import { identityOf, openTestStore, type TestDb } from './sqlite-node.ts';

/** One device of the net. */
export interface NetDevice {
  readonly n: number;
  readonly id: DeviceId;
  readonly store: StoreService;
  readonly t: TestDb;
  readonly identity: ReturnType<typeof identityOf>['identity'];
}

interface InFlight {
  readonly from: DeviceId;
  readonly to: DeviceId;
  readonly bytes: Uint8Array;
}

export class Net {
  readonly devices: NetDevice[] = [];
  #queue: InFlight[] = [];
  readonly #links = new Set<string>();
  readonly #taps = new Map<DeviceId, (bytes: Uint8Array) => void>();
  /** Messages delivered so far. */
  delivered = 0;

  static #key(a: DeviceId, b: DeviceId): string {
    return a < b ? `${a}|${b}` : `${b}|${a}`;
  }

  /** Opens device `n` (deterministic keys) with its own database. */
  async add(n: number, now: () => number = Date.now): Promise<NetDevice> {
    const { device, identity } = identityOf(n);
    const { store, t } = await openTestStore({
      device,
      identity,
      now,
      emit: (name, data) => {
        if (name !== 'sync.send') return;
        const { peer, bytes } = data as StoreEvents['sync.send'];
        this.#taps.get(device)?.(bytes);
        this.#queue.push({ from: device, to: peer, bytes });
      },
    });
    const d = { n, id: device, store, t, identity };
    this.devices.push(d);
    return d;
  }

  /** Also hands every message `d` sends to `tap`; returns the undo. */
  onSend(d: NetDevice, tap: (bytes: Uint8Array) => void): () => void {
    this.#taps.set(d.id, tap);
    return () => this.#taps.delete(d.id);
  }

  /** Pairs two devices as "My devices": each signs the other's device-add. */
  async pair(a: NetDevice, b: NetDevice): Promise<void> {
    const keys = (d: NetDevice) => ({
      signKey: d.identity.signPublicKey,
      boxKey: d.identity.boxPublicKey,
      name: d.identity.name,
    });
    await a.store.addDevice(keys(b));
    await b.store.addDevice(keys(a));
  }

  /** Brings the link between `a` and `b` up: both open a session. */
  async connect(a: NetDevice, b: NetDevice): Promise<void> {
    this.#links.add(Net.#key(a.id, b.id));
    await a.store.syncOpen(b.id);
    await b.store.syncOpen(a.id);
  }

  /** Cuts the link: messages in flight are lost, both sides learn the peer is gone. */
  async disconnect(a: NetDevice, b: NetDevice): Promise<void> {
    this.#links.delete(Net.#key(a.id, b.id));
    this.#queue = this.#queue.filter((m) => this.#links.has(Net.#key(m.from, m.to)));
    await a.store.syncClose(b.id);
    await b.store.syncClose(a.id);
  }

  /** Delivers messages (in order, one at a time) until nothing is in flight. */
  async run(max = 100_000): Promise<void> {
    for (let i = 0; i < max && this.#queue.length > 0; i++) {
      const m = this.#queue.shift();
      if (!m || !this.#links.has(Net.#key(m.from, m.to))) continue;
      const to = this.devices.find((d) => d.id === m.to);
      if (!to) continue;
      this.delivered += 1;
      await to.store.syncReceive(m.from, m.bytes);
    }
    if (this.#queue.length > 0) throw new Error('the net did not settle');
  }

  /** The memories a device shows, as id → text, tags. */
  static async shown(d: NetDevice): Promise<Record<string, string>> {
    const list = await d.store.list({ offset: 0, limit: 500, includeDeleted: false });
    return Object.fromEntries(list.rows.map((m) => [m.id, `${m.text} ${m.tags.join(',')}`]));
  }
}

/** Memory id `s`. */
export const mid = (s: string): MemoryId => s as MemoryId;

/** True when `needle` occurs in any of `files` as UTF-8. */
export function bytesContain(files: readonly Uint8Array[], needle: string): boolean {
  const n = Buffer.from(needle, 'utf8');
  return files.some((f) => Buffer.from(f.buffer, f.byteOffset, f.byteLength).includes(n));
}
