/**
 * The mesh: one authenticated, ordered, reliable channel to every paired device that is present,
 * over any {@link Transport}. It announces the rendezvous tokens of every pairing, dials present
 * peers (the smaller transport address dials, so two devices do not both dial), admits a channel
 * only after both sides proved a pairing and exchanged signed hellos (admission.ts), resolves
 * duplicate channels the same way on both sides, watches health with heartbeats and phi-accrual, replaces
 * failed channels with backoff and resumes by sequence number, and routes messages by topic.
 *
 * Sync and messaging use it through four calls: `send(device, topic, bytes)`, `on(topic, handler)`,
 * `subscribe(listener)` for peer-up/down, and `myDevices()`. See docs/ARCHITECTURE.md › Mesh.
 */
import type { Exchange } from '../crypto/exchange.ts';
import type { Primitives } from '../crypto/primitives.ts';
import { KianaError } from '../errors.ts';
import type { DeviceId } from '../ids.ts';
import { dataFrames, isTopic } from '../protocol/frames.ts';
import type { ControlMessage } from '../protocol/mesh.ts';
import type { LocalParty, Pairing } from '../pairing/types.ts';
import { Backoff, type BackoffOptions, type RandomSource } from './backoff.ts';
import { Admission } from './admission.ts';
import { Link, type LinkMessage } from './link.ts';
import type { OpeningCandidate } from './opening.ts';
import { PeerState } from './peer-state.ts';
import type { PhiAccrualOptions } from './phi-accrual.ts';
import { TokenBook } from './token-book.ts';
import type { Channel, Presence, SignallingState, Transport } from './transport.ts';
import type { MeshEvent, PeerStatus, RemovedPairing, TopicHandler } from './types.ts';

export interface MeshOptions {
  readonly transport: Transport;
  readonly me: LocalParty;
  readonly primitives: Primitives;
  /** Keyed BLAKE2b for the proofs that open a channel. */
  readonly exchange: Exchange;
  readonly pairings: readonly Pairing[];
  readonly removed?: readonly RemovedPairing[];
  /** Monotonic milliseconds (performance.now). */
  readonly now?: () => number;
  /** Wall-clock milliseconds, for "last seen". */
  readonly wallClock?: () => number;
  readonly random?: RandomSource;
  /** Heartbeat period; 1 s by default. */
  readonly heartbeatMs?: number;
  /** A channel that has not finished hello and resume by then is closed. */
  readonly helloTimeoutMs?: number;
  /**
   * A channel whose peer has not proved a pairing by then is closed: 800 ms by default, so a
   * stranger is gone within a second, while a paired peer needs one round trip.
   */
  readonly openTimeoutMs?: number;
  readonly detector?: Partial<PhiAccrualOptions>;
  readonly backoff?: Partial<BackoffOptions>;
  readonly log?: (message: string, detail?: unknown) => void;
  /**
   * Whether we dial a present peer: by default the smaller transport address dials. Tests
   * override it to make both sides dial at once (glare).
   */
  readonly shouldDial?: (self: string, remote: string) => boolean;
}

/** Acknowledge after this many messages or bytes even between heartbeats. */
const ACK_EVERY_MESSAGES = 32;
const ACK_EVERY_BYTES = 1024 * 1024;

function randomSession(p: Primitives): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return Array.from(p.randomBytes(26), (b) => alphabet.charAt(b & 31)).join('');
}

export class Mesh {
  /** This page's session id: peers see a new one after a reload and start numbering afresh. */
  readonly session: string;
  #signalling: SignallingState = 'connecting';
  readonly #o: Required<Omit<MeshOptions, 'pairings' | 'removed' | 'me'>>;
  #me: LocalParty;
  readonly #peers = new Map<DeviceId, PeerState>();
  readonly #removed = new Map<DeviceId, RemovedPairing>();
  readonly #tokens = new TokenBook();
  readonly #admission: Admission;
  readonly #links = new Set<Link>();
  #present: readonly Presence[] = [];
  readonly #retry = new Map<string, { backoff: Backoff; at: number }>();
  readonly #refused = new Set<string>();
  readonly #dialing = new Set<string>();
  readonly #topics = new Map<string, Set<TopicHandler>>();
  readonly #listeners = new Set<(event: MeshEvent) => void>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #wake: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(options: MeshOptions) {
    this.#o = {
      now: () => performance.now(),
      wallClock: () => Date.now(),
      random: Math.random,
      heartbeatMs: 1000,
      helloTimeoutMs: 15_000,
      openTimeoutMs: 800,
      detector: {},
      backoff: {},
      log: (message, detail) => console.warn(`mesh: ${message}`, detail ?? ''),
      shouldDial: (self, remote) => self < remote,
      ...options,
    };
    this.#me = options.me;
    this.session = randomSession(options.primitives);
    this.#setPairings(options.pairings, options.removed ?? []);
    this.#admission = new Admission({
      crypto: { primitives: options.primitives, exchange: options.exchange },
      session: this.session,
      openTimeoutMs: this.#o.openTimeoutMs,
      me: () => this.#me,
      candidates: () => this.#candidates(),
      peer: (id) => this.#peers.get(id),
      links: () => this.#links,
      emit: (event) => this.#emit(event),
      refuse: (remote) => this.#refused.add(remote),
      unpairedByPeer: (link, state) => this.#unpairedByPeer(link, state),
      protocolError: (link, why) => this.#protocolError(link, why),
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
      present: (present) => {
        this.#present = present;
        const here = new Set(present.map((p) => p.peer));
        for (const address of this.#retry.keys())
          if (!here.has(address)) this.#retry.delete(address);
        this.#reconcile();
      },
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
    if (!isTopic(topic)) throw new KianaError('bad-message', `bad topic ${String(topic)}`);
    let set = this.#topics.get(topic);
    if (set === undefined) this.#topics.set(topic, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
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
      health: s.link === null ? 'offline' : s.health,
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
    const state = this.#peers.get(deviceId);
    const link = state?.link;
    if (state === undefined || link == null) {
      return Promise.reject(new KianaError('peer-offline', 'no channel'));
    }
    const n = state.nextPing++;
    const began = this.#o.now();
    state.pings.set(n, began);
    link.sendControl({ t: 'ping', n, ack: state.recvSeq });
    return new Promise((resolve, reject) => {
      const check = setInterval(() => {
        if (!state.pings.has(n)) {
          clearInterval(check);
          resolve(this.#lastPong.get(n) ?? this.#o.now() - began);
        } else if (this.#o.now() - began > 10_000 || link.phase === 'closed') {
          clearInterval(check);
          reject(new KianaError('timeout', 'no pong'));
        }
      }, 1);
    });
  }
  readonly #lastPong = new Map<number, number>();

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

  /** This device's new display name, sent in every hello from now on. */
  rename(name: string): void {
    this.#me = { ...this.#me, name };
  }

  /** Tab became visible or the network changed: retry everything now. */
  nudge(): void {
    for (const retry of this.#retry.values()) {
      retry.backoff.reset();
      retry.at = 0;
    }
    this.#refused.clear();
    this.#o.transport.nudge();
    this.#reconcile();
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    clearTimeout(this.#wake);
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
        state.pairing = pairing;
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

  /** Dials every present peer we should dial and are not connected to. */
  #reconcile(): void {
    if (this.#closed) return;
    const now = this.#o.now();
    const self = this.#o.transport.self;
    for (const { peer, token } of this.#present) {
      // The smaller address dials; the other waits, so two devices never both dial.
      if (!this.#o.shouldDial(self, peer) || this.#refused.has(peer)) continue;
      if (this.#dialing.has(peer)) continue;
      if ([...this.#links].some((l) => l.channel.remote === peer)) continue;
      if ((this.#retry.get(peer)?.at ?? 0) > now) continue;
      void this.#dial(peer, token);
    }
  }

  async #dial(peer: string, token: string): Promise<void> {
    this.#dialing.add(peer);
    try {
      // The dialer proves first, under the pairing whose token led it here.
      const pick = await this.#tokens.find(token, this.#o.wallClock());
      if (pick === undefined) return this.#scheduleRetry(peer);
      this.#adopt(await this.#o.transport.dial(peer), pick);
    } catch (error) {
      this.#o.log(`dial failed`, error instanceof Error ? error.message : error);
      this.#scheduleRetry(peer);
    } finally {
      this.#dialing.delete(peer);
    }
  }

  #scheduleRetry(peer: string): void {
    let retry = this.#retry.get(peer);
    if (retry === undefined) {
      retry = { backoff: new Backoff(this.#o.random, this.#o.backoff), at: 0 };
      this.#retry.set(peer, retry);
    }
    const delay = retry.backoff.next();
    retry.at = this.#o.now() + delay;
    clearTimeout(this.#wake);
    this.#wake = setTimeout(() => this.#reconcile(), delay + 5);
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
        if (link.phase !== 'resume') return this.#protocolError(link, 'second resume');
        return this.#onResume(link, state, message);
      case 'ping':
        link.sendControl({ t: 'pong', n: message.n, ack: state.recvSeq });
        return state.acknowledge(message.ack);
      case 'pong': {
        const sent = state.pings.get(message.n);
        if (sent !== undefined) {
          const rtt = this.#o.now() - sent;
          state.recordRtt(rtt);
          this.#lastPong.set(message.n, rtt);
          if (this.#lastPong.size > 64) this.#lastPong.clear();
          state.pings.delete(message.n);
        }
        return state.acknowledge(message.ack);
      }
      case 'ack':
        return state.acknowledge(message.seq);
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

  #onResume(link: Link, state: PeerState, message: ControlMessage & { t: 'resume' }): void {
    const hello = link.hello;
    if (hello === undefined) return link.close();
    const again = state.resume(this.session, hello.session, message);
    const old = state.link;
    state.link = link;
    link.phase = 'up';
    old?.close();
    state.resetDetector();
    this.#heard(state);
    state.health = 'online';
    this.#retry.get(link.channel.remote)?.backoff.reset();
    this.#emit({ type: 'peer-up', deviceId: state.pairing.deviceId, kind: state.pairing.kind });
    this.#emit({ type: 'status' });
    for (const m of again) void link.write(dataFrames(m.seq, m.topic, m.bytes));
  }

  #onMessage(link: Link, message: LinkMessage): void {
    const state = link.deviceId === undefined ? undefined : this.#peers.get(link.deviceId);
    if (state?.link !== link) return link.close();
    this.#heard(state);
    if (message.seq <= state.recvSeq) return; // already delivered before a replacement
    if (message.seq !== state.recvSeq + 1) return this.#protocolError(link, 'sequence gap');
    state.recvSeq = message.seq;
    state.unackedCount += 1;
    state.unackedBytes += message.bytes.length;
    if (state.unackedCount >= ACK_EVERY_MESSAGES || state.unackedBytes >= ACK_EVERY_BYTES) {
      link.sendControl({ t: 'ack', seq: state.recvSeq });
      state.unackedCount = 0;
      state.unackedBytes = 0;
    }
    const handlers = this.#topics.get(message.topic);
    if (handlers === undefined || handlers.size === 0) {
      return this.#o.log(`no handler for topic ${message.topic}`);
    }
    for (const handler of handlers) {
      try {
        handler(state.pairing.deviceId, message.bytes);
      } catch (error) {
        this.#o.log(`handler for ${message.topic} failed`, error);
      }
    }
  }

  #heard(state: PeerState): void {
    state.detector.heartbeat(this.#o.now());
    state.lastSeen = this.#o.wallClock();
  }

  #protocolError(link: Link, why: string): void {
    this.#o.log(`protocol error from ${link.channel.remote}: ${why}`);
    link.close();
  }

  #onClosed(link: Link): void {
    this.#links.delete(link);
    const id = link.deviceId;
    const state = id === undefined ? undefined : this.#peers.get(id);
    if (state !== undefined && id !== undefined && state.link === link) {
      state.link = null;
      state.health = 'offline';
      state.pings.clear();
      this.#emit({ type: 'peer-down', deviceId: id });
      this.#emit({ type: 'status' });
    }
    if (!this.#closed && this.#o.shouldDial(this.#o.transport.self, link.channel.remote)) {
      this.#scheduleRetry(link.channel.remote);
    }
  }

  #tick(): void {
    const now = this.#o.now();
    let changed = false;
    for (const link of this.#links) {
      if (link.phase !== 'up' && now - link.createdAt > this.#o.helloTimeoutMs) {
        this.#protocolError(link, 'no hello in time');
      }
    }
    for (const state of this.#peers.values()) {
      const link = state.link;
      if (link === null) continue;
      const health = state.detector.state(now);
      if (health === 'offline') {
        // Silent far beyond its rhythm: the channel is dead even if it has not said so.
        this.#o.log(`closing silent channel to ${state.pairing.name}`);
        link.close();
        continue;
      }
      if (health !== state.health) state.health = health;
      changed = true;
      const n = state.nextPing++;
      state.pings.set(n, now);
      if (state.pings.size > 32) state.pings.delete(n - 32);
      link.sendControl({ t: 'ping', n, ack: state.recvSeq });
      state.unackedCount = 0;
      state.unackedBytes = 0;
    }
    if (changed) this.#emit({ type: 'status' });
    this.#reconcile();
  }
}
