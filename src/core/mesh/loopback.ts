/**
 * The in-memory transport for unit tests: a `LoopbackNetwork` plays the companion (presence by
 * rendezvous token, dialing by address) and the data channels (ordered frames delivered on later
 * tasks, with a send buffer that drains at a fixed rate, so flow control is exercised). Tests can
 * take signalling down, cut channels, and put a relay in the middle that terminates "DTLS" on each
 * side (each end then sees a different fingerprint, as with a real relay).
 */
import { KianaError } from '@kiana/shared/errors';
import { currentRendezvousTokens, type RendezvousToken } from '@kiana/shared/protocol/rendezvous';
import {
  LOW_WATER_BYTES,
  type Channel,
  type ChannelEvents,
  type Presence,
  type SignallingState,
  type Transport,
  type TransportEvents,
} from './transport.ts';

/** Bytes a channel delivers per task: a modest "link speed" so buffers really fill. */
const BYTES_PER_TICK = 256 * 1024;

function randomFingerprint(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase());
  return `sha-256 ${hex.join(':')}`;
}

function randomAddress(): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(8)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

class LoopbackChannel implements Channel {
  other: LoopbackChannel | undefined;
  /** While true, frames vanish without the channel closing (a peer frozen in a pocket). */
  silent = false;
  bufferedAmount = 0;
  open = true;
  readonly #queue: Uint8Array[] = [];
  #events: ChannelEvents | undefined;
  #pending: Uint8Array[] = [];
  #scheduled = false;

  constructor(
    readonly remote: string,
    readonly dialed: boolean,
    readonly localFingerprint: string,
    readonly remoteFingerprint: string,
  ) {}

  listen(events: ChannelEvents): void {
    this.#events = events;
    // Frames that arrived before anyone listened are delivered now, in order.
    const early = this.#pending;
    this.#pending = [];
    for (const frame of early) events.frame(frame);
  }

  send(frame: Uint8Array): void {
    if (!this.open) throw new KianaError('peer-offline', 'channel closed');
    this.#queue.push(frame.slice());
    this.bufferedAmount += frame.length;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setTimeout(() => this.#flush(), 0);
  }

  #flush(): void {
    this.#scheduled = false;
    if (!this.open) return;
    const before = this.bufferedAmount;
    let budget = BYTES_PER_TICK;
    while (budget > 0 && this.#queue.length > 0) {
      const frame = this.#queue.shift();
      if (frame === undefined) break;
      budget -= frame.length;
      this.bufferedAmount -= frame.length;
      if (!this.silent) this.other?.deliver(frame);
    }
    if (this.#queue.length > 0) this.#schedule();
    if (before > LOW_WATER_BYTES && this.bufferedAmount <= LOW_WATER_BYTES) this.#events?.drain();
  }

  deliver(frame: Uint8Array): void {
    if (!this.open) return;
    if (this.#events === undefined) this.#pending.push(frame);
    else this.#events.frame(frame);
  }

  /** Closes after the frames already sent are delivered, as a data channel does. */
  close(): void {
    if (!this.open) return;
    const queued = this.silent ? [] : this.#queue.splice(0);
    const other = this.other;
    this.abort();
    for (const frame of queued) other?.deliver(frame);
  }

  /** Closes at once, losing queued frames (a network failure). */
  abort(): void {
    if (!this.open) return;
    this.open = false;
    this.#queue.length = 0;
    this.bufferedAmount = 0;
    const other = this.other;
    setTimeout(() => {
      this.#events?.close();
      other?.close();
    }, 0);
  }
}

export class LoopbackTransport implements Transport {
  readonly self = randomAddress();
  readonly fingerprint = randomFingerprint();
  tokens: readonly RendezvousToken[] = [];
  events: TransportEvents | undefined;
  readonly channels = new Set<LoopbackChannel>();
  lastPresent = '';

  constructor(readonly network: LoopbackNetwork) {}

  listen(events: TransportEvents): void {
    this.events = events;
    events.state(this.network.signalling ? 'open' : 'offline');
  }

  async announce(secrets: readonly Uint8Array[]): Promise<void> {
    this.tokens = await currentRendezvousTokens(secrets, this.network.now());
    this.network.changed();
  }

  dial(remote: string): Promise<Channel> {
    return this.network.dial(this, remote);
  }

  nudge(): void {
    this.network.changed();
  }

  close(): void {
    this.network.remove(this);
    for (const channel of this.channels) channel.close();
  }
}

export class LoopbackNetwork {
  readonly #transports = new Map<string, LoopbackTransport>();
  /** Pairs of addresses whose channels go through a relay that re-terminates "DTLS". */
  readonly #relayed = new Set<string>();
  #signalling = true;
  now: () => number = () => Date.now();

  get signalling(): boolean {
    return this.#signalling;
  }

  /** A new transport on this network. */
  transport(): LoopbackTransport {
    const t = new LoopbackTransport(this);
    this.#transports.set(t.self, t);
    return t;
  }

  /** Takes the "companion" down or brings it back; live channels are not touched. */
  setSignalling(up: boolean): void {
    this.#signalling = up;
    const state: SignallingState = up ? 'open' : 'offline';
    for (const t of this.#transports.values()) t.events?.state(state);
    if (up) this.changed();
  }

  /** Puts a relay between `a` and `b` for channels opened from now on. */
  relay(a: LoopbackTransport, b: LoopbackTransport): void {
    this.#relayed.add([a.self, b.self].sort().join('|'));
  }

  /** Makes channels between `a` and `b` drop every frame silently, or work again. */
  silence(a: LoopbackTransport, b: LoopbackTransport, silent = true): void {
    for (const channel of [...a.channels, ...b.channels]) {
      if (channel.remote === b.self || channel.remote === a.self) channel.silent = silent;
    }
  }

  /** Closes every channel between `a` and `b` (a network failure), without telling anyone first. */
  cut(a: LoopbackTransport, b: LoopbackTransport): void {
    for (const channel of a.channels) if (channel.remote === b.self) channel.abort();
  }

  remove(t: LoopbackTransport): void {
    this.#transports.delete(t.self);
    this.changed();
  }

  /** Recomputes presence and tells every transport whose view changed. */
  changed(): void {
    if (!this.#signalling) return;
    const all = [...this.#transports.values()];
    for (const t of all) {
      const mine = new Set(t.tokens);
      const present: Presence[] = [];
      for (const other of all) {
        if (other === t) continue;
        const token = other.tokens.find((k) => mine.has(k));
        if (token !== undefined) present.push({ peer: other.self, token });
      }
      const key = JSON.stringify(present);
      if (key === t.lastPresent) continue;
      t.lastPresent = key;
      const events = t.events;
      setTimeout(() => events?.present(present), 0);
    }
  }

  async dial(from: LoopbackTransport, remote: string): Promise<Channel> {
    await new Promise((r) => setTimeout(r, 0));
    const to = this.#transports.get(remote);
    if (!this.#signalling) throw new KianaError('companion-offline', 'signalling is down');
    if (to === undefined) throw new KianaError('peer-offline', `no transport ${remote}`);
    const relayed = this.#relayed.has([from.self, to.self].sort().join('|'));
    // Through a relay each side sees the relay's certificate instead of the other's.
    const seenByFrom = relayed ? randomFingerprint() : to.fingerprint;
    const seenByTo = relayed ? randomFingerprint() : from.fingerprint;
    const near = new LoopbackChannel(to.self, true, from.fingerprint, seenByFrom);
    const far = new LoopbackChannel(from.self, false, to.fingerprint, seenByTo);
    near.other = far;
    far.other = near;
    from.channels.add(near);
    to.channels.add(far);
    to.events?.channel(far);
    return near;
  }
}
