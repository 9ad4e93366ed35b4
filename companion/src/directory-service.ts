/**
 * The directory endpoint browsers talk to. A browser announces its PeerJS id (proved by the
 * PeerJS token) and its rendezvous tokens; it is told, now and whenever it changes, which other
 * peers on the LAN announced any of the same tokens. Entries expire unless re-announced.
 */
import type { WebSocket } from 'ws';
import type { DirectoryStore } from './directory-store.js';
import type { Logger } from './log.js';
import { DIRECTORY_LIMITS, FrameGuard } from './rate-limit.js';
import {
  parseDirectoryClientMessage,
  type DirectoryServerMessage,
  type IceServer,
  type RefusalReason,
  type RendezvousToken,
} from '@kiana/shared/protocol';
import { sendFrame, textOf } from './ws-send.js';

export interface DirectoryServiceOptions {
  readonly store: DirectoryStore;
  readonly logger: Logger;
  /** True when a PeerJS client `peer` with token `key` is connected to this companion. */
  readonly owns: (peer: string, key: string) => boolean;
  /** The STUN servers to offer (this companion's own, on its current addresses). */
  readonly iceServers: () => readonly IceServer[];
  /** Called after the local entries changed, so linked companions hear about it. */
  readonly onLocalChange: () => void;
  /** Entry lifetime after an announcement. */
  readonly ttlMs?: number;
}

interface Subscriber {
  readonly owner: string;
  readonly socket: WebSocket;
  peer: string | undefined;
  tokens: readonly RendezvousToken[];
  lastSent: string;
}

export const DEFAULT_ENTRY_TTL_MS = 60_000;

export class DirectoryService {
  readonly #subscribers = new Set<Subscriber>();
  readonly #ttlMs: number;
  readonly #sweeper: NodeJS.Timeout;
  #next = 0;
  #pending: NodeJS.Timeout | undefined;

  constructor(private readonly options: DirectoryServiceOptions) {
    this.#ttlMs = options.ttlMs ?? DEFAULT_ENTRY_TTL_MS;
    this.#sweeper = setInterval(() => {
      if (options.store.sweep()) this.changed();
    }, 1000);
    this.#sweeper.unref();
  }

  get ttlMs(): number {
    return this.#ttlMs;
  }

  /** Accepts one browser's directory WebSocket. */
  accept(socket: WebSocket, from: string): void {
    const subscriber: Subscriber = {
      owner: `local-${++this.#next}`,
      socket,
      peer: undefined,
      tokens: [],
      lastSent: '',
    };
    this.#subscribers.add(subscriber);
    const guard = new FrameGuard(DIRECTORY_LIMITS);
    socket.on('message', (data, isBinary) =>
      this.#onFrame(subscriber, guard, textOf(data, isBinary), from),
    );
    socket.on('close', () => {
      this.#subscribers.delete(subscriber);
      if (this.options.store.withdraw(subscriber.owner)) this.changed();
    });
    sendFrame(socket, {
      t: 'welcome',
      companion: this.options.store.selfId,
      ttlMs: this.#ttlMs,
      iceServers: this.options.iceServers(),
    } satisfies DirectoryServerMessage);
  }

  #refuse(
    subscriber: Subscriber,
    guard: FrameGuard,
    reason: RefusalReason,
    from: string,
    detail?: string,
  ): void {
    this.options.logger.warn('refused frame', { endpoint: 'directory', reason, detail, from });
    sendFrame(subscriber.socket, { t: 'refused', reason } satisfies DirectoryServerMessage);
    if (guard.strike() === 'close') subscriber.socket.close(1008, 'too many refused frames');
  }

  #onFrame(
    subscriber: Subscriber,
    guard: FrameGuard,
    text: string | undefined,
    from: string,
  ): void {
    if (guard.admit() !== 'accept') {
      this.options.logger.warn('refused frame', {
        endpoint: 'directory',
        reason: 'rate-limited',
        from,
      });
      if (guard.strike() === 'close') subscriber.socket.close(1008, 'rate limit');
      return;
    }
    if (text === undefined)
      return this.#refuse(subscriber, guard, 'malformed', from, 'binary frame');
    let message;
    try {
      message = parseDirectoryClientMessage(text);
    } catch (error) {
      const detail = error instanceof Error ? error.message : undefined;
      const reason = detail === 'frame too large' ? 'oversized' : 'malformed';
      return this.#refuse(subscriber, guard, reason, from, detail);
    }
    const { store } = this.options;
    if (message.t === 'withdraw') {
      subscriber.tokens = [];
      if (store.withdraw(subscriber.owner)) this.changed();
      return;
    }
    if (!this.options.owns(message.peer, message.key)) {
      return this.#refuse(subscriber, guard, 'unknown-peer', from);
    }
    if (!store.announce(subscriber.owner, message.peer, message.tokens, this.#ttlMs)) {
      return this.#refuse(subscriber, guard, 'directory-full', from);
    }
    subscriber.peer = message.peer;
    subscriber.tokens = message.tokens;
    this.changed();
  }

  /** Withdraws announcements whose PeerJS client is no longer connected here. */
  retainPeers(connected: ReadonlySet<string>): void {
    let changed = false;
    for (const subscriber of this.#subscribers) {
      if (subscriber.peer === undefined || connected.has(subscriber.peer)) continue;
      changed = this.options.store.withdraw(subscriber.owner) || changed;
      subscriber.peer = undefined;
      subscriber.tokens = [];
    }
    if (changed) this.changed();
  }

  /**
   * Something in the directory changed (here or on a linked companion): tell linked companions
   * and push new match lists to browsers, coalescing bursts into one pass.
   */
  changed(): void {
    if (this.#pending !== undefined) return;
    this.#pending = setTimeout(() => {
      this.#pending = undefined;
      this.options.onLocalChange();
      this.#pushMatches();
    }, 20);
  }

  #pushMatches(): void {
    for (const subscriber of this.#subscribers) {
      if (subscriber.peer === undefined) continue;
      const matches = this.options.store.matches(subscriber.tokens, subscriber.peer);
      const frame = JSON.stringify({ t: 'present', matches } satisfies DirectoryServerMessage);
      if (frame === subscriber.lastSent) continue;
      subscriber.lastSent = frame;
      if (subscriber.socket.readyState === subscriber.socket.OPEN) subscriber.socket.send(frame);
    }
  }

  close(): void {
    clearInterval(this.#sweeper);
    clearTimeout(this.#pending);
    for (const subscriber of this.#subscribers)
      subscriber.socket.close(1001, 'companion shutting down');
    this.#subscribers.clear();
  }
}
