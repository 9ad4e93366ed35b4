/**
 * Runs the device's mesh in the one tab that holds the Web Lock `kiana-presence` (WebRTC lives on
 * the main thread; two tabs of one browser must not both appear as the device). Other tabs follow
 * through the BroadcastChannel in mesh-link.ts. The host loads identity and pairings, keeps the
 * store in step with mesh events (a peer unpaired us, a tombstone was delivered, a peer renamed
 * itself) and nudges the mesh when the tab becomes visible or the network comes back.
 */
import { loadExchange } from '../core/crypto/exchange.ts';
import { loadPrimitives } from '../core/crypto/primitives.ts';
import type { DeviceId } from '@kiana/shared/ids';
import { Backoff } from '../core/mesh/backoff.ts';
import { Mesh } from '../core/mesh/mesh.ts';
import type { MeshEvent } from '../core/mesh/types.ts';
import { getSetting, setSetting, type TurnServer } from './db.ts';
import { loadIdentity } from './identity.ts';
import {
  MESH_CHANNEL,
  parseTabMessage,
  PRESENCE_LOCK,
  type MeshNotice,
  type MeshSnapshot,
  type TabMessage,
} from './mesh-link.ts';
import { emitUnpaired } from './pairing-events.ts';
import {
  forgetRemoved,
  listLastSeen,
  listPairings,
  listRemoved,
  removePairing,
  renamePairing,
  saveLastSeen,
} from './pairing-store.ts';
import { PeerjsTransport } from './peerjs-transport.ts';

/** Tombstones older than this are dropped: the other device has long been told or is gone. */
const TOMBSTONE_MS = 90 * 24 * 3600_000;
const MAX_NOTICES = 5;
/** A last-seen time is written to IndexedDB at most this often per device (heartbeats are 1 s). */
const LAST_SEEN_WRITE_MS = 30_000;

export class MeshHost {
  /** The live mesh in the leading tab; null in followers (and before it started). */
  mesh: Mesh | null = null;
  readonly #channel = new BroadcastChannel(MESH_CHANNEL);
  readonly #listeners = new Set<(snapshot: MeshSnapshot) => void>();
  readonly #meshListeners = new Set<(mesh: Mesh) => void>();
  #snapshot: MeshSnapshot = { loaded: false, peers: [], signalling: 'connecting', notices: [] };
  /** Last-seen times as stored, so a reload (or a companion that is down) still shows them. */
  #lastSeen = new Map<DeviceId, number>();
  #notices: MeshNotice[] = [];
  #turn: TurnServer | null = null;
  #pending: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.#channel.onmessage = (event: MessageEvent) => {
      const message = parseTabMessage(event.data);
      if (message !== null) void this.#onTab(message);
    };
  }

  get snapshot(): MeshSnapshot {
    return this.#snapshot;
  }

  /** Competes for presence; the winner runs the mesh, the others follow. */
  start(): void {
    this.#post({ t: 'want-snapshot' });
    const lead = (): Promise<void> =>
      this.#lead().catch((error: unknown) => {
        // E.g. storage unavailable: the device list says so; nothing else breaks.
        console.error('mesh: could not start', error);
        this.#publish({ signalling: 'offline' });
      });
    if (!('locks' in navigator)) {
      void lead();
      return;
    }
    // The lock is held until the tab closes; then the next tab in line takes over.
    void navigator.locks.request(PRESENCE_LOCK, () => lead().then(() => new Promise(() => {})));
  }

  /** Receives every new snapshot (in any tab). */
  subscribe(listener: (snapshot: MeshSnapshot) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#snapshot);
    return () => this.#listeners.delete(listener);
  }

  /** Called with the mesh once this tab leads (sync plugs in here); at once if it already does. */
  whenLeading(listener: (mesh: Mesh) => void): void {
    if (this.mesh !== null) listener(this.mesh);
    else this.#meshListeners.add(listener);
  }

  /** Pairings changed in some tab: the leader reloads them and announces new tokens. */
  reload(): void {
    if (this.mesh !== null) void this.#reload();
    else this.#post({ t: 'reload' });
  }

  /** Removes a pairing here and, when reachable, on the other device too. */
  async unpair(deviceId: DeviceId): Promise<void> {
    if (this.mesh === null) return this.#post({ t: 'unpair', deviceId });
    const kind = this.mesh.peers().find((p) => p.deviceId === deviceId)?.kind ?? 'device';
    const told = await this.mesh.unpair(deviceId);
    await removePairing(deviceId, told);
    emitUnpaired({ deviceId, kind, byPeer: false });
    await this.#reload();
  }

  async #lead(): Promise<void> {
    const [identity, primitives, exchange] = await Promise.all([
      loadIdentity(),
      loadPrimitives(),
      loadExchange(),
    ]);
    this.#turn = (await getSetting('turn')) ?? null;
    // Being removed is a lasting state, not a passing event: say so after every reload too.
    const removedBy = await getSetting('removedBy');
    if (removedBy) {
      this.#notices = [{ kind: 'removed-by-peer', name: removedBy.name, at: removedBy.at }];
      this.#publish({ notices: this.#notices });
    }
    // Pairings are local data: list them before (and whether or not) the companion answers.
    const [pairings, lastSeen] = await Promise.all([listPairings(), listLastSeen()]);
    this.#lastSeen = lastSeen;
    this.#publish({
      loaded: true,
      peers: pairings.map((p) => ({
        deviceId: p.deviceId,
        name: p.name,
        kind: p.kind,
        health: 'offline',
        rttMs: null,
        lastSeen: lastSeen.get(p.deviceId) ?? null,
      })),
    });
    const backoff = new Backoff(Math.random, { baseMs: 1000, capMs: 30_000 });
    let transport: PeerjsTransport | undefined;
    while (transport === undefined) {
      try {
        transport = await PeerjsTransport.open({
          origin: location.origin,
          extraIceServers: () => (this.#turn === null ? [] : [{ ...this.#turn }]),
        });
      } catch (error) {
        // No companion (static hosting, or it is down): a state, retried quietly.
        this.#publish({ signalling: 'offline' });
        console.info('mesh: no companion yet', error);
        await new Promise((r) => setTimeout(r, backoff.next()));
      }
    }
    const mesh = new Mesh({
      transport,
      me: { ...identity.keys, name: identity.displayName },
      primitives,
      exchange,
      pairings: await listPairings(),
      removed: await this.#removed(),
    });
    this.mesh = mesh;
    // Which tab holds the presence, for diagnosis and the browser tests.
    document.documentElement.dataset['presence'] = 'leader';
    mesh.subscribe((event) => void this.#onMesh(event));
    await mesh.start();
    for (const listener of this.#meshListeners) listener(mesh);
    this.#meshListeners.clear();
    const nudge = (): void => {
      if (document.visibilityState === 'visible') mesh.nudge();
    };
    document.addEventListener('visibilitychange', nudge);
    addEventListener('online', () => mesh.nudge());
    this.#publishFromMesh();
  }

  async #removed() {
    const now = Date.now();
    const all = await listRemoved();
    for (const old of all.filter((r) => now - r.removedAt > TOMBSTONE_MS)) {
      await forgetRemoved(old.deviceId);
    }
    return all.filter((r) => now - r.removedAt <= TOMBSTONE_MS);
  }

  async #reload(): Promise<void> {
    this.#turn = (await getSetting('turn')) ?? null;
    this.mesh?.rename((await loadIdentity()).displayName);
    await this.mesh?.setPairings(await listPairings(), await this.#removed());
    this.#publishFromMesh();
  }

  async #onMesh(event: MeshEvent): Promise<void> {
    switch (event.type) {
      case 'status':
      case 'peer-up':
      case 'peer-down':
        return this.#schedulePublish();
      case 'renamed':
        // Every screen reads names from the device list (ChainView.nameOf): publish it.
        await renamePairing(event.deviceId, event.name);
        return this.#schedulePublish();
      case 'told-removed':
        await forgetRemoved(event.deviceId);
        return this.#reload();
      case 'unpaired-by-peer':
        await removePairing(event.deviceId, true);
        if (event.kind === 'device') {
          await setSetting('removedBy', { name: event.name, at: Date.now() });
        }
        emitUnpaired({ deviceId: event.deviceId, kind: event.kind, byPeer: true });
        this.#notice({
          kind: event.kind === 'device' ? 'removed-by-peer' : 'unpaired-by-peer',
          name: event.name,
          at: Date.now(),
        });
        return this.#reload();
      case 'refused':
        return this.#notice({
          kind: event.reason,
          ...(event.name === undefined ? {} : { name: event.name }),
          at: Date.now(),
        });
    }
  }

  #notice(notice: MeshNotice): void {
    this.#notices = [notice, ...this.#notices].slice(0, MAX_NOTICES);
    this.#publishFromMesh();
  }

  #schedulePublish(): void {
    // Heartbeats change RTT every second; a quarter second of batching keeps the UI calm.
    if (this.#pending !== undefined) return;
    this.#pending = setTimeout(() => {
      this.#pending = undefined;
      this.#publishFromMesh();
    }, 250);
  }

  #publishFromMesh(): void {
    const mesh = this.mesh;
    if (mesh === null) return;
    const peers = mesh.peers().map((peer) => {
      const stored = this.#lastSeen.get(peer.deviceId);
      if (peer.lastSeen === null)
        return stored === undefined ? peer : { ...peer, lastSeen: stored };
      if (stored === undefined || peer.lastSeen - stored >= LAST_SEEN_WRITE_MS) {
        this.#lastSeen.set(peer.deviceId, peer.lastSeen);
        saveLastSeen(peer.deviceId, peer.lastSeen).catch((error: unknown) =>
          console.warn('mesh: could not keep last seen', error),
        );
      }
      return peer;
    });
    this.#publish({ loaded: true, peers, signalling: mesh.signalling, notices: this.#notices });
  }

  #publish(part: Partial<MeshSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...part };
    for (const listener of this.#listeners) listener(this.#snapshot);
    if (this.mesh !== null) this.#post({ t: 'snapshot', snapshot: this.#snapshot });
  }

  async #onTab(message: TabMessage): Promise<void> {
    switch (message.t) {
      case 'snapshot':
        if (this.mesh !== null) return; // we lead; another tab's view is older
        this.#snapshot = message.snapshot;
        for (const listener of this.#listeners) listener(this.#snapshot);
        return;
      case 'want-snapshot':
        return this.#publishFromMesh();
      case 'reload':
        if (this.mesh !== null) await this.#reload();
        return;
      case 'unpair':
        if (this.mesh !== null) await this.unpair(message.deviceId);
        return;
    }
  }

  #post(message: TabMessage): void {
    this.#channel.postMessage(message);
  }
}
