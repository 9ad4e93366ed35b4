/**
 * Links between companions: the companion with the smaller id dials the other (found by mDNS)
 * at ws://<address>:<http port>/companion, so each pair has one link. The acceptor refuses any
 * hello from a companion it has not itself seen on mDNS at that address. Over a link each side
 * sends its directory snapshot and relays PeerJS signals for peers connected to the other side.
 */
import { WebSocket } from 'ws';
import type { SeenCompanion } from './discovery.js';
import type { DirectoryStore } from './directory-store.js';
import type { Logger } from './log.js';
import type { PeerHub, SignalRouter } from './peer-hub.js';
import { FrameGuard, LINK_LIMITS } from './rate-limit.js';
import {
  LINK_MAX_FRAME_BYTES,
  LINK_PATH,
  parseLinkMessage,
  type LinkMessage,
  type RelayedSignal,
} from '@kiana/shared/protocol';
import { sendFrame, textOf } from './ws-send.js';

export interface LinkManagerOptions {
  readonly selfId: string;
  readonly name: string;
  readonly version: string;
  readonly logger: Logger;
  readonly store: DirectoryStore;
  readonly hub: PeerHub;
  /** What mDNS currently knows about a companion; undefined = unknown. */
  readonly seen: (id: string) => SeenCompanion | undefined;
  /** Called when a linked companion's entries changed. */
  readonly onRemoteChange: () => void;
}

interface Link {
  readonly id: string;
  readonly name: string;
  readonly socket: WebSocket;
  peers: ReadonlySet<string>;
  alive: boolean;
}

/** Resend the snapshot at least this often, refreshing the entries' lifetimes on the other side. */
const REFRESH_MS = 15_000;
const PING_MS = 5_000;
const HELLO_TIMEOUT_MS = 5_000;
const MAX_RETRY_MS = 10_000;

/** `::ffff:10.0.0.1` → `10.0.0.1`, so addresses compare equal however the socket reports them. */
export function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export class LinkManager implements SignalRouter {
  readonly #links = new Map<string, Link>();
  readonly #dialing = new Map<string, NodeJS.Timeout | 'open'>();
  readonly #retries = new Map<string, number>();
  readonly #timer: NodeJS.Timeout;
  #lastState = '';
  #lastSentAt = 0;
  #closed = false;

  constructor(private readonly options: LinkManagerOptions) {
    this.#timer = setInterval(() => this.#tick(), PING_MS);
    this.#timer.unref();
  }

  // ---- SignalRouter -------------------------------------------------------------------------

  forward(signal: RelayedSignal): boolean {
    for (const link of this.#links.values()) {
      if (link.peers.has(signal.dst))
        return sendFrame(link.socket, { t: 'signal', signal } satisfies LinkMessage);
    }
    return false;
  }

  knows(peerId: string): boolean {
    for (const link of this.#links.values()) if (link.peers.has(peerId)) return true;
    return false;
  }

  // ---- dialing ------------------------------------------------------------------------------

  /** mDNS found (or updated) a companion: dial it if we are the smaller id and not linked. */
  discovered(companion: SeenCompanion): void {
    // One link per pair: only the companion with the smaller id dials.
    if (this.#closed || this.options.selfId >= companion.id) return;
    if (this.#links.has(companion.id) || this.#dialing.has(companion.id)) return;
    this.#dial(companion.id);
  }

  #dial(id: string): void {
    const companion = this.options.seen(id);
    if (this.#closed || companion === undefined) {
      this.#dialing.delete(id);
      return;
    }
    const address =
      companion.addresses.find((a) => !a.toLowerCase().startsWith('fe80:')) ??
      companion.addresses[0];
    if (address === undefined) return;
    const host = address.includes(':') ? `[${address}]` : address;
    this.#dialing.set(id, 'open');
    const socket = new WebSocket(`ws://${host}:${companion.httpPort}${LINK_PATH}`, {
      handshakeTimeout: HELLO_TIMEOUT_MS,
      maxPayload: LINK_MAX_FRAME_BYTES,
    });
    socket.on('open', () => sendFrame(socket, this.#hello()));
    socket.on('error', (error) => this.options.logger.debug('link dial failed', { id, error }));
    socket.on('close', () => {
      if (this.#links.get(id)?.socket !== socket) this.#retry(id);
    });
    this.#awaitHello(socket, address, (hello) => {
      if (hello.companion !== id) return 'unexpected companion';
      return undefined;
    });
  }

  #retry(id: string): void {
    if (this.#closed || this.options.seen(id) === undefined) {
      this.#dialing.delete(id);
      this.#retries.delete(id);
      return;
    }
    const attempt = (this.#retries.get(id) ?? 0) + 1;
    this.#retries.set(id, attempt);
    const delay = Math.min(MAX_RETRY_MS, 500 * 2 ** attempt) * (0.75 + Math.random() / 2);
    const timer = setTimeout(() => this.#dial(id), delay);
    timer.unref();
    this.#dialing.set(id, timer);
  }

  // ---- accepting ----------------------------------------------------------------------------

  /** Accepts an inbound link; the first frame must be a hello from a companion mDNS knows. */
  accept(socket: WebSocket, from: string): void {
    const address = plainAddress(from);
    this.#awaitHello(socket, address, (hello) => {
      if (hello.companion === this.options.selfId) return 'own id';
      const seen = this.options.seen(hello.companion);
      if (seen === undefined) return 'not seen on mDNS';
      if (!seen.addresses.map(plainAddress).includes(address)) return 'address not advertised';
      sendFrame(socket, this.#hello());
      return undefined;
    });
  }

  #hello(): LinkMessage {
    const { selfId, name, version } = this.options;
    return { t: 'hello', companion: selfId, name, version: version.slice(0, 32) };
  }

  /** Waits for the hello, checks it with `check` (returns a refusal reason), then links. */
  #awaitHello(
    socket: WebSocket,
    from: string,
    check: (hello: Extract<LinkMessage, { t: 'hello' }>) => string | undefined,
  ): void {
    const refuse = (reason: string): void => {
      this.options.logger.warn('refused', {
        endpoint: 'companion',
        reason: 'unknown-companion',
        detail: reason,
        from,
      });
      socket.close(4403, reason.slice(0, 100));
    };
    const timeout = setTimeout(() => refuse('no hello'), HELLO_TIMEOUT_MS);
    timeout.unref();
    socket.once('message', (data, isBinary) => {
      clearTimeout(timeout);
      const text = textOf(data, isBinary);
      let message: LinkMessage;
      try {
        message = parseLinkMessage(text ?? '');
      } catch (error) {
        return refuse(error instanceof Error ? error.message : 'malformed hello');
      }
      if (message.t !== 'hello') return refuse('expected hello');
      const reason = check(message);
      if (reason !== undefined) return refuse(reason);
      this.#link(socket, message.companion, message.name, from);
    });
    socket.once('close', () => clearTimeout(timeout));
  }

  #link(socket: WebSocket, id: string, name: string, from: string): void {
    const previous = this.#links.get(id);
    previous?.socket.close(1000, 'replaced');
    const link: Link = { id, name, socket, peers: new Set(), alive: true };
    this.#links.set(id, link);
    this.#dialing.delete(id);
    this.#retries.delete(id);
    this.options.logger.info('companion linked', { id, name, from });
    const guard = new FrameGuard(LINK_LIMITS);
    socket.on('message', (data, isBinary) =>
      this.#onFrame(link, guard, textOf(data, isBinary), from),
    );
    socket.on('pong', () => {
      link.alive = true;
    });
    socket.on('close', () => {
      if (this.#links.get(id) !== link) return;
      this.#links.delete(id);
      this.options.logger.info('companion unlinked', { id, name });
      if (this.options.store.removeRemote(id)) this.options.onRemoteChange();
      this.#retry(id);
    });
    sendFrame(socket, this.#state());
  }

  #onFrame(link: Link, guard: FrameGuard, text: string | undefined, from: string): void {
    let verdict = guard.admit();
    let reason = 'rate-limited';
    if (verdict === 'accept') {
      try {
        const message = parseLinkMessage(text ?? '');
        if (message.t === 'state') {
          link.peers = new Set(message.peers);
          this.options.store.setRemote(link.id, message.entries);
          this.options.onRemoteChange();
          this.options.hub.retryQueued();
          return;
        }
        if (message.t === 'signal') return this.#relayIn(link, message.signal);
        reason = 'unexpected hello';
      } catch (error) {
        reason = error instanceof Error ? error.message : 'malformed';
      }
      verdict = guard.strike();
    }
    this.options.logger.warn('refused frame', { endpoint: 'companion', reason, from, id: link.id });
    if (verdict === 'close') link.socket.close(1008, 'too many refused frames');
  }

  #relayIn(link: Link, signal: RelayedSignal): void {
    // A companion may only speak for its own peers, so it cannot forge a sender.
    if (!link.peers.has(signal.src)) {
      this.options.logger.warn('refused frame', {
        endpoint: 'companion',
        reason: 'signal from unlisted peer',
        id: link.id,
      });
      return;
    }
    if (this.options.hub.deliver(signal)) return;
    if (signal.type !== 'EXPIRE' && signal.type !== 'LEAVE') {
      sendFrame(link.socket, {
        t: 'signal',
        signal: { type: 'EXPIRE', src: signal.dst, dst: signal.src },
      } satisfies LinkMessage);
    }
  }

  // ---- state --------------------------------------------------------------------------------

  #state(): Extract<LinkMessage, { t: 'state' }> {
    return {
      t: 'state',
      peers: this.options.hub.ids(),
      entries: this.options.store.localSnapshot(),
    };
  }

  /** Sends the local snapshot to every link if it changed (or the refresh interval passed). */
  pushState(force = false): void {
    const state = this.#state();
    // Lifetimes tick down between calls, so they are left out of the change check.
    const key = JSON.stringify([state.peers, state.entries.map((e) => [e.token, e.peer])]);
    if (!force && key === this.#lastState && Date.now() - this.#lastSentAt < REFRESH_MS) return;
    this.#lastState = key;
    this.#lastSentAt = Date.now();
    for (const link of this.#links.values()) sendFrame(link.socket, state);
  }

  #tick(): void {
    for (const link of this.#links.values()) {
      if (!link.alive) {
        this.options.logger.warn('companion link timed out', { id: link.id });
        link.socket.terminate();
        continue;
      }
      link.alive = false;
      link.socket.ping();
    }
    this.pushState();
  }

  /** Companion ids with an open link. */
  linked(): ReadonlySet<string> {
    return new Set(this.#links.keys());
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    for (const pending of this.#dialing.values()) if (pending !== 'open') clearTimeout(pending);
    for (const link of this.#links.values()) link.socket.close(1001, 'companion shutting down');
  }
}
