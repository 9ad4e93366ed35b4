/**
 * The mesh {@link Transport} over the companion: the private directory (rendezvous tokens) finds
 * peers, the unmodified `peerjs` client signals through the companion's /peerjs endpoint, and
 * WebRTC carries the data. ICE servers are the companion's own STUN plus a TURN server the person
 * configured; never a public one. When the companion goes away, open data channels stay up; the
 * signalling socket reconnects with backoff under the same id.
 */
import { Peer, type DataConnection } from 'peerjs';
import { KianaError } from '@kiana/shared/errors';
import { Backoff } from '../core/mesh/backoff.ts';
import type {
  Channel,
  Presence,
  SignallingState,
  Transport,
  TransportEvents,
} from '../core/mesh/transport.ts';
import { companionPeerOptions, DirectoryClient, newPeerIdentity } from './directory-client.ts';
import { PeerjsChannel } from './peerjs-channel.ts';

export interface PeerjsTransportOptions {
  /** The companion's origin, e.g. `location.origin`. */
  readonly origin: string;
  /** ICE servers beyond the companion's STUN (a TURN server from Settings). */
  readonly extraIceServers?: () => readonly RTCIceServer[];
}

/** A dial that gets no open channel in this time fails (the peer left, or ICE found no path). */
const DIAL_TIMEOUT_MS = 20_000;

export class PeerjsTransport implements Transport {
  readonly self: string;
  readonly #directory: DirectoryClient;
  readonly #peer: Peer;
  /** PeerJS keeps a reference to this object, so new connections see updated ICE servers. */
  readonly #config: RTCConfiguration;
  readonly #backoff = new Backoff(Math.random, { baseMs: 500, capMs: 15_000 });
  readonly #options: PeerjsTransportOptions;
  /** Dials not yet open: remote peer id and how to fail them. */
  readonly #pending = new Map<string, { remote: string; fail: (error: Error) => void }>();
  #secrets: readonly Uint8Array[] = [];
  #events: TransportEvents | undefined;
  #reconnect: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  private constructor(
    options: PeerjsTransportOptions,
    directory: DirectoryClient,
    peer: Peer,
    config: RTCConfiguration,
    self: string,
  ) {
    this.#options = options;
    this.#directory = directory;
    this.#peer = peer;
    this.#config = config;
    this.self = self;
  }

  /** Connects to the companion at `origin`; resolves once signalling is open. */
  static async open(options: PeerjsTransportOptions): Promise<PeerjsTransport> {
    const identity = newPeerIdentity();
    const holder: { t?: PeerjsTransport } = {};
    const directory = new DirectoryClient({
      origin: options.origin,
      identity,
      secrets: () => (holder.t === undefined ? [] : holder.t.#secrets),
      onPresent: (matches) => {
        if (holder.t !== undefined) holder.t.#onPresent(matches);
      },
      onState: (state) => {
        if (holder.t !== undefined) holder.t.#onDirectoryState(state);
      },
    });
    directory.start();
    const iceServers = await withTimeout(directory.welcomed, 15_000, 'companion-offline');
    const config: RTCConfiguration = { iceServers: [] };
    const base = companionPeerOptions(options.origin, identity, iceServers);
    // peerjs declares its options bag as a class; a literal object is what it expects.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    const peer = new Peer(identity.id, { ...base, config });
    const t = new PeerjsTransport(options, directory, peer, config, identity.id);
    holder.t = t;
    t.#setIceServers(iceServers.map((s) => ({ urls: [...s.urls] })));
    peer.on('connection', (connection) => t.#onIncoming(connection));
    peer.on('disconnected', () => t.#scheduleReconnect());
    peer.on('open', () => {
      t.#backoff.reset();
      // The companion accepts announcements only from a connected PeerJS id.
      void directory.announce();
    });
    peer.on('error', (error) => t.#onPeerError(error.type, error.message));
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        peer.once('open', () => resolve());
        peer.once('error', reject);
      }),
      15_000,
      'companion-offline',
    );
    return t;
  }

  /** The ICE servers new connections use now (the companion's STUN, plus TURN if configured). */
  get iceServers(): readonly RTCIceServer[] {
    return this.#config.iceServers ?? [];
  }

  listen(events: TransportEvents): void {
    this.#events = events;
    events.state(this.#peer.open ? 'open' : 'connecting');
  }

  async announce(secrets: readonly Uint8Array[]): Promise<void> {
    this.#secrets = secrets;
    await this.#directory.announce();
  }

  dial(remote: string): Promise<Channel> {
    if (this.#peer.disconnected || this.#peer.destroyed) {
      return Promise.reject(new KianaError('companion-offline', 'signalling is down'));
    }
    const connection = this.#peer.connect(remote, { reliable: true, serialization: 'raw' });
    return new Promise<Channel>((resolve, reject) => {
      // One outcome per dial: the first of open, error, close and timeout decides, so a close
      // caused by a failed open is not reported as something else.
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#pending.delete(connection.connectionId);
        outcome();
      };
      const fail = (error: Error): void =>
        settle(() => {
          connection.close();
          reject(error);
        });
      const timer = setTimeout(
        () => fail(new KianaError('timeout', `no channel to ${remote}`)),
        DIAL_TIMEOUT_MS,
      );
      this.#pending.set(connection.connectionId, { remote, fail });
      connection.once('open', () =>
        settle(() => {
          PeerjsChannel.open(connection, true).then(resolve, reject);
        }),
      );
      connection.once('error', (error) => fail(error));
      connection.once('close', () => fail(new KianaError('peer-offline', 'closed while opening')));
    });
  }

  nudge(): void {
    this.#directory.nudge();
    if (this.#peer.disconnected && !this.#peer.destroyed) {
      clearTimeout(this.#reconnect);
      this.#backoff.reset();
      this.#tryReconnect();
    }
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#reconnect);
    this.#directory.stop();
    this.#peer.destroy();
  }

  #setIceServers(companion: RTCIceServer[]): void {
    this.#config.iceServers = [...companion, ...(this.#options.extraIceServers?.() ?? [])];
  }

  #onPresent(matches: readonly { peer: string; token: Presence['token'] }[]): void {
    // The companion's STUN port may have changed after a restart; new connections use the new one.
    this.#setIceServers(this.#directory.iceServers.map((s) => ({ urls: [...s.urls] })));
    const present = matches
      .filter((m) => m.peer !== this.self)
      .map((m) => ({ peer: m.peer, token: m.token }));
    this.#events?.present(present);
  }

  #onDirectoryState(state: SignallingState): void {
    this.#events?.state(state === 'open' && this.#peer.open ? 'open' : state);
    if (state === 'open') {
      this.#setIceServers(this.#directory.iceServers.map((s) => ({ urls: [...s.urls] })));
    }
  }

  #onIncoming(connection: DataConnection): void {
    connection.once('open', () => {
      PeerjsChannel.open(connection, false).then(
        (channel) => this.#events?.channel(channel),
        (error: unknown) => console.warn('peerjs: dropped an incoming connection', error),
      );
    });
  }

  #onPeerError(type: string, message: string): void {
    if (type === 'peer-unavailable') {
      // PeerJS names the peer only in the message; fail every dial to it.
      for (const { remote, fail } of this.#pending.values()) {
        if (message.includes(remote)) fail(new KianaError('peer-offline', message));
      }
    }
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#peer.destroyed) return;
    this.#events?.state('offline');
    clearTimeout(this.#reconnect);
    this.#reconnect = setTimeout(() => this.#tryReconnect(), this.#backoff.next());
  }

  #tryReconnect(): void {
    if (this.#closed || this.#peer.destroyed || !this.#peer.disconnected) return;
    try {
      this.#peer.reconnect();
    } catch {
      this.#scheduleReconnect();
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, code: 'companion-offline'): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new KianaError(code, 'the companion did not answer')), ms),
    ),
  ]);
}
