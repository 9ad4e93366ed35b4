/**
 * The mesh: one authenticated, ordered, reliable channel to every paired device that is present,
 * over any transport (transport.ts). It announces the rendezvous tokens of every pairing, dials
 * present peers (dialer.ts), admits a channel only after both sides proved a pairing and
 * exchanged signed hellos, keeping one of two rival channels and resuming by sequence number
 * (admission.ts, hello.ts, glare.ts), watches health with heartbeats and phi-accrual
 * (heartbeat.ts), replaces failed channels with backoff, and routes messages by topic
 * (topics.ts). What it knows of each peer lives in peer-state.ts, of each channel in link.ts.
 *
 * Sync and messaging use it through four calls: `send(device, topic, bytes)`, `on(topic, handler)`,
 * `subscribe(listener)` for peer-up/down, and `myDevices()`. See docs/ARCHITECTURE.md › Mesh.
 */
import type { Primitives } from '../crypto/primitives.ts';
import { KianaError } from '@kiana/shared/errors';
import type { DeviceId } from '@kiana/shared/ids';
import { normalizeDisplayName } from '@kiana/shared/clean-text';
import { dataFrames, isTopic } from '@kiana/shared/protocol/frames';
import type { ControlMessage } from '@kiana/shared/protocol/mesh';
import type { LocalParty, Pairing } from '../pairing/types.ts';
import { Admission } from './admission.ts';
import { Dialer } from './dialer.ts';
import { Heartbeat } from './heartbeat.ts';
import { Link, type LinkMessage } from './link.ts';
import { withDefaults, type MeshOptions, type MeshSettings } from './mesh-options.ts';
import type { OpeningCandidate } from './opening.ts';
import { PeerState, type Outgoing } from './peer-state.ts';
import { TokenBook } from './token-book.ts';
import { Topics } from './topics.ts';
import type { Channel, SignallingState } from './transport.ts';
import type { MeshEvent, PeerStatus, RemovedPairing, TopicHandler } from './types.ts';

function randomSession(p: Primitives): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return Array.from(p.randomBytes(26), (b) => alphabet.charAt(b & 31)).join('');
}

export type { MeshOptions };

export class Mesh {
  /** This page's session id: peers see a new one after a reload and start numbering afresh. */
  readonly session: string;
  #signalling: SignallingState = 'connecting';
  readonly #o: MeshSettings;
  #me: LocalParty;
  readonly #peers = new Map<DeviceId, PeerState>();
  readonly #removed = new Map<DeviceId, RemovedPairing>();
  readonly #tokens = new TokenBook();
  readonly #admission: Admission;
  readonly #links = new Set<Link>();
  readonly #dialer: Dialer;
  readonly #heartbeat: Heartbeat;
  readonly #topics: Topics;
  readonly #listeners = new Set<(event: MeshEvent) => void>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  constructor(options: MeshOptions) {
    this.#o = withDefaults(options);
    this.#me = options.me;
    this.session = randomSession(options.primitives);
    this.#setPairings(options.pairings, options.removed ?? []);
    this.#heartbeat = new Heartbeat(this.#o.now, this.#o.log);
    this.#topics = new Topics(this.#o.log);
    this.#dialer = new Dialer({
      ...this.#o,
      tokens: this.#tokens,
      connected: (remote) => [...this.#links].some((l) => l.channel.remote === remote),
      adopt: (channel, pick) => this.#adopt(channel, pick),
    });
    this.#admission = new Admission({
      crypto: { primitives: options.primitives, exchange: options.exchange },
      session: this.session,
      openTimeoutMs: this.#o.openTimeoutMs,
      now: () => this.#o.now(),
      wallClock: () => this.#o.wallClock(),
      me: () => this.#me,
      candidates: () => this.#candidates(),
      peer: (id) => this.#peers.get(id),
      links: () => this.#links,
      emit: (event) => this.#emit(event),
      refuse: (remote) => this.#dialer.refuse(remote),
      unpairedByPeer: (link, state) => this.#unpairedByPeer(link, state),
      protocolError: (link, why) => this.#protocolError(link, why),
      up: (link, state, again) => this.#up(link, state, again),
    });
  }

  /** The signalling state of the transport (the companion); channels live on without it. */
  get signalling(): SignallingState {
    return this.#signalling;
  }

  /** Starts listening, announces the tokens and begins heartbeats. */
  async start(): Promise<void> {
    this.#o.transport.listen({
      channel: (channel) => this.#adopt(channel),
      present: (present) => this.#dialer.present(present),
      state: (state) => {
        this.#signalling = state;
        this.#emit({ type: 'status' });
      },
    });
    this.#timer = setInterval(() => this.#tick(), this.#o.heartbeatMs);
    await this.#announce();
  }

  /** Replaces the pairings (after pairing or unpairing) and announces the new token set. */
  async setPairings(
    pairings: readonly Pairing[],
    removed: readonly RemovedPairing[],
  ): Promise<void> {
    this.#setPairings(pairings, removed);
    this.#emit({ type: 'status' });
    await this.#announce();
  }

  /**
   * Sends `bytes` to a paired device under `topic`. Messages to one device arrive in order and
   * at most once; a message accepted here survives the replacement of a failed channel (it is
   * sent again on the next one unless the peer had acknowledged it). Resolves once the message
   * is handed to the channel.
   *
   * @throws KianaError `peer-unknown` (not paired), `peer-offline` (no channel now),
   *   `bad-message` (bad topic or over 64 MiB)
   */
  async send(deviceId: DeviceId, topic: string, bytes: Uint8Array): Promise<void> {
    if (!isTopic(topic)) throw new KianaError('bad-message', `bad topic ${String(topic)}`);
    const state = this.#peers.get(deviceId);
    if (state === undefined) throw new KianaError('peer-unknown', 'not paired');
    const link = state.link;
    if (link === null) throw new KianaError('peer-offline', 'no channel to that device now');
    const message = state.enqueue(topic, bytes);
    await link.write(dataFrames(message.seq, topic, bytes));
  }

  /** Routes messages of `topic` to `handler`; returns the unsubscribe function. */
  on(topic: string, handler: TopicHandler): () => void {
    return this.#topics.on(topic, handler);
  }

  /** Listens to peer-up/down, status and pairing events; returns the unsubscribe function. */
  subscribe(listener: (event: MeshEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Every paired device with its health, for the `Devices` list. */
  peers(): PeerStatus[] {
    return [...this.#peers.values()].map((s) => ({
      deviceId: s.pairing.deviceId,
      name: s.pairing.name,
      kind: s.pairing.kind,
      health: s.health,
      rttMs: s.rttMs,
      lastSeen: s.lastSeen,
    }));
  }

  /** Paired devices of kind `My device` (the authorities of my chain), connected or not. */
  myDevices(): DeviceId[] {
    return [...this.#peers.values()]
      .filter((s) => s.pairing.kind === 'device')
      .map((s) => s.pairing.deviceId);
  }

  /** The channels in use or being opened, for diagnosis and tests. */
  connections(): { deviceId: DeviceId | undefined; dialed: boolean; phase: string }[] {
    return [...this.#links].map((l) => ({
      deviceId: l.deviceId,
      dialed: l.channel.dialed,
      phase: l.phase,
    }));
  }

  /** True while an authenticated channel to `deviceId` is up. */
  isUp(deviceId: DeviceId): boolean {
    const link = this.#peers.get(deviceId)?.link;
    return link !== undefined && link !== null;
  }

  /** One heartbeat round trip in ms (for the bench); rejects when the device is not up. */
  ping(deviceId: DeviceId): Promise<number> {
    return this.#heartbeat.probe(this.#peers.get(deviceId));
  }

  /**
   * Removes trust in `deviceId` here at once, and tells the device if a channel is up. Returns
   * whether it was told; if not, the caller keeps a tombstone ({@link RemovedPairing}) so the
   * device is told when it next shows up.
   */
  async unpair(deviceId: DeviceId): Promise<boolean> {
    const state = this.#peers.get(deviceId);
    if (state === undefined) return false;
    this.#peers.delete(deviceId);
    const link = state.link;
    if (link === null) return false;
    link.sendControl({ t: 'unpair' });
    // Give the frame a moment on the wire before closing the channel under it.
    await new Promise((r) => setTimeout(r, 200));
    link.close();
    return true;
  }

  /**
   * This device's new display name: told at once to every device with a channel past our hello
   * (a `name` message), and sent in every hello from now on, so the others learn it live or at
   * their next connection. The same name again sends nothing.
   *
   * @throws KianaError `bad-message` when the name is not clean as `normalizeDisplayName` leaves it
   */
  rename(name: string): void {
    if (normalizeDisplayName(name) !== name) throw new KianaError('bad-message', 'bad name');
    if (name === this.#me.name) return;
    this.#me = { ...this.#me, name };
    for (const link of this.#links) {
      // From phase `hello` on, our hello (with the old name) is on the wire ahead of this.
      if (link.phase === 'hello' || link.phase === 'resume' || link.phase === 'up') {
        link.sendControl({ t: 'name', name });
      }
    }
  }

  /** Tab became visible or the network changed: retry everything now. */
  nudge(): void {
    this.#o.transport.nudge();
    this.#dialer.nudge();
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#dialer.close();
    for (const link of this.#links) link.close();
    this.#o.transport.close();
  }

  #setPairings(pairings: readonly Pairing[], removed: readonly RemovedPairing[]): void {
    const keep = new Set(pairings.map((p) => p.deviceId));
    for (const [id, state] of this.#peers) {
      if (keep.has(id)) continue;
      this.#peers.delete(id);
      state.link?.close();
    }
    for (const pairing of pairings) {
      const state = this.#peers.get(pairing.deviceId);
      if (state === undefined) {
        this.#peers.set(pairing.deviceId, new PeerState(pairing, this.#o.detector));
      } else {
        state.update(pairing);
      }
    }
    this.#removed.clear();
    for (const r of removed) if (!keep.has(r.deviceId)) this.#removed.set(r.deviceId, r);
    this.#tokens.set(this.#candidates());
  }

  /** Every secret a peer may prove: live pairings, then tombstones of removed ones. */
  #candidates(): OpeningCandidate[] {
    return [
      ...[...this.#peers.values()].map((s) => ({
        deviceId: s.pairing.deviceId,
        secret: s.pairing.secret,
        removed: false,
      })),
      ...[...this.#removed.values()].map((r) => ({ ...r, removed: true })),
    ];
  }

  async #announce(): Promise<void> {
    await this.#o.transport.announce(this.#candidates().map((c) => c.secret));
  }

  #emit(event: MeshEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#o.log('listener failed', error);
      }
    }
  }

  #adopt(channel: Channel, pick?: OpeningCandidate): void {
    if (this.#closed) return channel.close();
    const link = new Link(channel, this.#o.now(), {
      control: (l, message) => this.#onControl(l, message),
      message: (l, message) => this.#onMessage(l, message),
      bad: (l, error) => this.#o.log(`dropped channel from ${l.channel.remote}`, error),
      closed: (l) => this.#onClosed(l),
    });
    this.#links.add(link);
    this.#admission.start(link, pick);
  }

  #onControl(link: Link, message: ControlMessage): void {
    if (link.phase === 'opening' || link.phase === 'hello') {
      return this.#admission.receive(link, message);
    }
    // A channel to a removed device only carries our `unpair`; it closes by itself shortly.
    if (link.deviceId === undefined) return;
    const state = this.#peers.get(link.deviceId);
    if (state === undefined) return link.close();
    if (state.link === link) this.#heard(state);
    switch (message.t) {
      case 'resume':
        return this.#admission.resume(link, state, message);
      case 'ping':
        link.sendControl({ t: 'pong', n: message.n, ack: state.recvSeq });
        return state.acknowledge(message.ack);
      case 'pong':
        this.#heartbeat.pong(state, message.n);
        return state.acknowledge(message.ack);
      case 'ack':
        return state.acknowledge(message.seq);
      case 'name':
        // The channel is this device's own (its hello proved it), so it names only itself.
        if (state.rename(message.name)) {
          this.#emit({ type: 'renamed', deviceId: state.pairing.deviceId, name: message.name });
        }
        return;
      case 'unpair':
        return this.#unpairedByPeer(link, state);
      case 'refused':
        return this.#admission.refusedBy(link, state);
      default:
        return this.#protocolError(link, `unexpected ${message.t}`);
    }
  }

  #unpairedByPeer(link: Link, state: PeerState): void {
    this.#peers.delete(state.pairing.deviceId);
    link.close();
    this.#emit({
      type: 'unpaired-by-peer',
      deviceId: state.pairing.deviceId,
      name: state.pairing.name,
      kind: state.pairing.kind,
    });
    void this.#announce();
  }

  /** Admission attached `link` to the peer: announce it and send again what was not acked. */
  #up(link: Link, state: PeerState, again: readonly Outgoing[]): void {
    this.#dialer.succeeded(link.channel.remote);
    this.#emit({ type: 'peer-up', deviceId: state.pairing.deviceId, kind: state.pairing.kind });
    this.#emit({ type: 'status' });
    for (const m of again) void link.write(dataFrames(m.seq, m.topic, m.bytes));
  }

  #onMessage(link: Link, message: LinkMessage): void {
    const state = link.deviceId === undefined ? undefined : this.#peers.get(link.deviceId);
    if (state?.link !== link) return link.close();
    this.#heard(state);
    const arrival = state.received(message.seq, message.bytes.length);
    if (arrival === 'old') return; // already delivered before a replacement
    if (arrival === 'gap') return this.#protocolError(link, 'sequence gap');
    if (arrival === 'ack-due') link.sendControl({ t: 'ack', seq: state.recvSeq });
    this.#topics.deliver(state.pairing.deviceId, message.topic, message.bytes);
  }

  #heard(state: PeerState): void {
    state.heard(this.#o.now(), this.#o.wallClock());
  }

  #protocolError(link: Link, why: string): void {
    this.#o.log(`protocol error from ${link.channel.remote}: ${why}`);
    link.close();
  }

  #onClosed(link: Link): void {
    this.#links.delete(link);
    this.#heartbeat.closed(link);
    const id = link.deviceId;
    const state = id === undefined ? undefined : this.#peers.get(id);
    if (state !== undefined && id !== undefined && state.detach(link)) {
      this.#emit({ type: 'peer-down', deviceId: id });
      this.#emit({ type: 'status' });
    }
    this.#dialer.lost(link.channel.remote);
  }

  #tick(): void {
    const now = this.#o.now();
    for (const link of this.#links) {
      if (link.phase !== 'up' && now - link.createdAt > this.#o.helloTimeoutMs) {
        this.#protocolError(link, 'no hello in time');
      }
    }
    const changed = this.#heartbeat.beat(this.#peers.values());
    if (changed) this.#emit({ type: 'status' });
    this.#dialer.reconcile();
  }
}
