/**
 * The PeerJS signalling server: keeps one WebSocket per PeerJS client, relays OFFER / ANSWER /
 * CANDIDATE / LEAVE / EXPIRE between clients of this companion and, through a router, to clients
 * of other companions. Compatible with the unmodified `peerjs` client: OPEN on connect, ID-TAKEN
 * for a taken id, queued messages for a peer that is about to connect, EXPIRE when it never does.
 */
import type { WebSocket } from 'ws';
import type { Logger } from './log.js';
import { FrameGuard, PEERJS_LIMITS } from './rate-limit.js';
import { SignalQueue, type QueueLimits } from './signal-queue.js';
import {
  decodeFrame,
  isPeerId,
  isPeerToken,
  parsePeerjsClientMessage,
  PEERJS_KEY,
  PEERJS_MAX_FRAME_BYTES,
  type PeerjsServerMessage,
  type RelayedSignal,
} from '@kiana/shared/protocol';
import { sendFrame, textOf } from './ws-send.js';

/** Reaches peers connected to other companions (the link manager implements it). */
export interface SignalRouter {
  /** Forwards to the companion that has `signal.dst`; false when none has it. */
  forward(signal: RelayedSignal): boolean;
  /** True when another companion reports a peer with this id. */
  knows(peerId: string): boolean;
}

interface Client {
  readonly id: string;
  readonly token: string;
  readonly socket: WebSocket;
  lastSeen: number;
}

export interface PeerHubOptions {
  readonly logger: Logger;
  readonly router?: SignalRouter;
  /** How long a message waits for its destination to connect (peer server default 5 s). */
  readonly expireMs?: number;
  /** A client silent for this long is disconnected (it heartbeats every 5 s). */
  readonly aliveMs?: number;
  /** Called when the set of connected ids changes. */
  readonly onChange?: () => void;
  /** Byte bounds of the offline queue (tests use small ones). */
  readonly queueLimits?: QueueLimits;
}

export class PeerHub {
  readonly #clients = new Map<string, Client>();
  readonly #queue: SignalQueue;
  readonly #timer: NodeJS.Timeout;
  readonly #logger: Logger;
  readonly #expireMs: number;
  readonly #aliveMs: number;
  router: SignalRouter | undefined;
  /** Called when the set of connected ids changes. */
  onChange: (() => void) | undefined;

  constructor(options: PeerHubOptions) {
    this.#logger = options.logger;
    this.router = options.router;
    this.onChange = options.onChange;
    this.#expireMs = options.expireMs ?? 5000;
    this.#aliveMs = options.aliveMs ?? 60_000;
    this.#queue = new SignalQueue(options.queueLimits);
    this.#timer = setInterval(() => this.#sweep(), Math.min(1000, this.#expireMs));
    this.#timer.unref();
  }

  /** Ids of the clients connected here. */
  ids(): string[] {
    return [...this.#clients.keys()];
  }

  get size(): number {
    return this.#clients.size;
  }

  /** True when `id` is connected here with `token` (proves an announcer owns the id). */
  owns(id: string, token: string): boolean {
    return this.#clients.get(id)?.token === token;
  }

  /** Accepts one PeerJS client WebSocket (`query` is the upgrade URL's search params). */
  accept(socket: WebSocket, query: URLSearchParams, from: string): void {
    const id = query.get('id');
    const token = query.get('token');
    const key = query.get('key');
    const refuse = (message: PeerjsServerMessage, reason: string): void => {
      this.#logger.warn('refused', { endpoint: 'peerjs', reason, from });
      sendFrame(socket, message);
      socket.close(1008, reason);
    };
    if (id === null || token === null || key === null) {
      refuse(
        { type: 'ERROR', payload: { msg: 'No id, token, or key supplied to websocket server' } },
        'missing id, token or key',
      );
      return;
    }
    if (key !== PEERJS_KEY)
      return refuse(
        { type: 'INVALID-KEY', payload: { msg: 'Invalid key provided' } },
        'invalid key',
      );
    if (!isPeerId(id) || !isPeerToken(token))
      return refuse(
        { type: 'ERROR', payload: { msg: 'Invalid id or token' } },
        'invalid id or token',
      );
    const existing = this.#clients.get(id);
    if ((existing !== undefined && existing.token !== token) || this.router?.knows(id) === true) {
      return refuse({ type: 'ID-TAKEN', payload: { msg: 'ID is taken' } }, 'id taken');
    }
    // Same id and token: the client reconnected; the new socket replaces the old one.
    existing?.socket.close(1000, 'replaced');
    const client: Client = { id, token, socket, lastSeen: Date.now() };
    this.#clients.set(id, client);
    const guard = new FrameGuard(PEERJS_LIMITS);
    socket.on('message', (data, isBinary) =>
      this.#onFrame(client, guard, textOf(data, isBinary), from),
    );
    socket.on('close', () => {
      if (this.#clients.get(id) !== client) return;
      this.#clients.delete(id);
      this.onChange?.();
    });
    sendFrame(socket, { type: 'OPEN' });
    this.onChange?.();
    this.#flush(id);
  }

  #onFrame(client: Client, guard: FrameGuard, text: string | undefined, from: string): void {
    let verdict = guard.admit();
    let reason = 'rate-limited';
    if (verdict === 'accept') {
      try {
        if (text === undefined) throw new Error('binary frame');
        const message = parsePeerjsClientMessage(decodeFrame(text, PEERJS_MAX_FRAME_BYTES));
        client.lastSeen = Date.now();
        if (message.type === 'HEARTBEAT') return;
        const signal: RelayedSignal = { type: message.type, src: client.id, dst: message.dst };
        this.route(
          message.payload === undefined ? signal : { ...signal, payload: message.payload },
        );
        return;
      } catch (error) {
        reason = error instanceof Error ? error.message : 'malformed';
        verdict = guard.strike();
      }
    }
    this.#logger.warn('refused frame', { endpoint: 'peerjs', reason, from, peer: client.id });
    if (verdict === 'close') client.socket.close(1008, 'too many refused frames');
  }

  /** Delivers here, forwards to another companion, or queues until the destination appears. */
  route(signal: RelayedSignal): void {
    if (this.deliver(signal)) return;
    if (this.router?.forward(signal) === true) return;
    this.#enqueue(signal);
  }

  /** Delivers to a client of this companion; false when `signal.dst` is not connected here. */
  deliver(signal: RelayedSignal): boolean {
    const client = this.#clients.get(signal.dst);
    if (client === undefined) return false;
    sendFrame(client.socket, signal);
    return true;
  }

  /** Tries queued messages again (e.g. after another companion reported new peers). */
  retryQueued(): void {
    for (const dst of this.#queue.destinations()) this.#flush(dst);
  }

  #enqueue(signal: RelayedSignal): void {
    // Leave and expire notices are not worth keeping for a peer that is not there.
    if (signal.type === 'LEAVE' || signal.type === 'EXPIRE') return;
    const refused = this.#queue.add(signal, Date.now() + this.#expireMs);
    if (refused !== null) {
      this.#logger.warn('signal dropped', { reason: refused, src: signal.src, dst: signal.dst });
    }
  }

  #flush(dst: string): void {
    if (!this.#clients.has(dst) && this.router?.knows(dst) !== true) return;
    for (const signal of this.#queue.take(dst)) this.route(signal);
  }

  #sweep(): void {
    const now = Date.now();
    for (const signal of this.#queue.expire(now)) {
      // Tell the sender the destination never appeared, as the PeerJS server does.
      this.route({ type: 'EXPIRE', src: signal.dst, dst: signal.src });
    }
    for (const client of this.#clients.values()) {
      if (now - client.lastSeen > this.#aliveMs) {
        this.#logger.info('peer timed out', { peer: client.id });
        client.socket.terminate();
      }
    }
  }

  /** Closes every client connection (server shutdown). */
  close(): void {
    clearInterval(this.#timer);
    for (const client of this.#clients.values())
      client.socket.close(1001, 'companion shutting down');
    this.#clients.clear();
  }
}
