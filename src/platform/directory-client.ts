/**
 * A minimal browser client of the companion's private LAN directory. It announces this tab's
 * PeerJS id with the current rendezvous tokens of every pairing secret it holds, re-announces
 * before the entries expire (and so rotates tokens at epoch boundaries), reconnects with backoff,
 * and reports which peers on the LAN hold one of the same tokens. Secrets never leave the
 * browser; the companion sees only the derived tokens. The real mesh ([pairing]) builds on this.
 */
import { KianaError } from '@kiana/shared/errors';
import { base32 } from '@kiana/shared/ids';
import { Backoff } from '../core/mesh/backoff.ts';
import {
  currentRendezvousTokens,
  DIRECTORY_PATH,
  PEERJS_KEY,
  PEERJS_PATH,
  parseDirectoryServerMessage,
  type DirectoryClientMessage,
  type DirectoryMatch,
  type IceServer,
} from '@kiana/shared/protocol';

/** A PeerJS identity for one session: an opaque id and the token that proves it. */
export interface PeerIdentity {
  readonly id: string;
  readonly token: string;
}

/** What the client reports to its owner; a missing companion is a state, not an exception. */
export type DirectoryState = 'connecting' | 'open' | 'offline';

export interface DirectoryClientOptions {
  /** The companion's origin, e.g. `location.origin`. */
  readonly origin: string;
  readonly identity: PeerIdentity;
  /** The pairing secrets held now; read again at every announcement. */
  readonly secrets: () => readonly Uint8Array[];
  /** Peers holding one of our tokens, one entry per peer (all companions of the LAN). */
  readonly onPresent: (matches: readonly DirectoryMatch[]) => void;
  readonly onState?: (state: DirectoryState) => void;
  /** Injectable for tests. */
  readonly now?: () => number;
}

function randomBase32(bytes: number): string {
  return base32(crypto.getRandomValues(new Uint8Array(bytes)));
}

/**
 * A fresh per-session PeerJS identity. The id is random rather than the device id, so the
 * companion cannot link sessions; the 128-bit token replaces PeerJS's weak `Math.random` one,
 * because the directory accepts announcements only from the holder of the id's token.
 */
export function newPeerIdentity(): PeerIdentity {
  return { id: randomBase32(16), token: randomBase32(16) };
}

/** The directory's WebSocket URL on the companion at `origin` (wss for an https origin). */
export function directoryUrl(origin: string): string {
  const url = new URL(DIRECTORY_PATH, origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

/** The options to create a `peerjs` Peer on the companion at `origin`. */
export interface CompanionPeerOptions {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly key: string;
  readonly secure: boolean;
  readonly token: string;
  /** Only the companion's STUN: the PeerJS default would contact Google and peerjs.com. */
  readonly config: { readonly iceServers: readonly IceServer[] };
}

/** PeerJS options for signalling through the companion at `origin` with `iceServers`. */
export function companionPeerOptions(
  origin: string,
  identity: PeerIdentity,
  iceServers: readonly IceServer[],
): CompanionPeerOptions {
  const url = new URL(origin);
  const secure = url.protocol === 'https:';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
    path: PEERJS_PATH,
    key: PEERJS_KEY,
    secure,
    token: identity.token,
    config: { iceServers },
  };
}

/** Collapses matches to one per peer: a peer announcing two epochs matches twice. */
function onePerPeer(matches: readonly DirectoryMatch[]): DirectoryMatch[] {
  const seen = new Map<string, DirectoryMatch>();
  for (const match of matches) if (!seen.has(match.peer)) seen.set(match.peer, match);
  return [...seen.values()];
}

/**
 * The client. Typical use: `start()`, await `welcomed` for the ICE servers, create the PeerJS
 * Peer with {@link companionPeerOptions}, and call `announce()` once the Peer is open (the
 * companion accepts announcements only for a PeerJS id connected to it). From then on it
 * re-announces by itself, also after reconnecting.
 */
export class DirectoryClient {
  readonly #options: DirectoryClientOptions;
  readonly #backoff = new Backoff(Math.random, { baseMs: 500, capMs: 15_000 });
  #socket: WebSocket | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #refresh: ReturnType<typeof setInterval> | undefined;
  #ttlMs = 60_000;
  #announcing = false;
  #stopped = false;
  #iceServers: readonly IceServer[] = [];
  #resolveWelcome: ((servers: readonly IceServer[]) => void) | undefined;

  /** Resolves with the companion's ICE servers at the first welcome. */
  readonly welcomed: Promise<readonly IceServer[]>;

  constructor(options: DirectoryClientOptions) {
    this.#options = options;
    this.welcomed = new Promise((resolve) => (this.#resolveWelcome = resolve));
  }

  /** The STUN servers the companion offered (empty before the welcome). */
  get iceServers(): readonly IceServer[] {
    return this.#iceServers;
  }

  /** Connects, and keeps reconnecting until {@link stop}. */
  start(): void {
    this.#stopped = false;
    this.#connect();
  }

  /**
   * Announces the current tokens now (also after a secret was added or removed) and keeps
   * re-announcing at a third of the entry lifetime, so one lost frame never expires them and
   * tokens rotate at epoch boundaries.
   */
  async announce(): Promise<void> {
    this.#announcing = true;
    this.#refresh ??= setInterval(() => void this.announce(), Math.max(1000, this.#ttlMs / 3));
    const socket = this.#socket;
    if (socket?.readyState !== WebSocket.OPEN) return;
    const now = this.#options.now?.() ?? Date.now();
    const tokens = await currentRendezvousTokens(this.#options.secrets(), now);
    const message: DirectoryClientMessage = {
      t: 'announce',
      peer: this.#options.identity.id,
      key: this.#options.identity.token,
      tokens,
    };
    socket.send(JSON.stringify(message));
  }

  #connect(): void {
    this.#options.onState?.('connecting');
    const socket = new WebSocket(directoryUrl(this.#options.origin));
    this.#socket = socket;
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') this.#onFrame(event.data);
    };
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#options.onState?.('offline');
      if (!this.#stopped) this.#retry = setTimeout(() => this.#connect(), this.#backoff.next());
    };
  }

  #onFrame(text: string): void {
    let message;
    try {
      message = parseDirectoryServerMessage(text);
    } catch (error) {
      // A malformed frame is dropped, never thrown through: the companion may be newer.
      console.warn('directory: dropped frame', error instanceof KianaError ? error.message : error);
      return;
    }
    if (message.t === 'welcome') {
      this.#backoff.reset();
      this.#iceServers = message.iceServers;
      if (message.ttlMs !== this.#ttlMs) {
        this.#ttlMs = message.ttlMs;
        clearInterval(this.#refresh);
        this.#refresh = undefined;
      }
      this.#resolveWelcome?.(message.iceServers);
      this.#options.onState?.('open');
      if (this.#announcing) void this.announce();
    } else if (message.t === 'present') {
      this.#options.onPresent(onePerPeer(message.matches));
    } else {
      console.warn('directory: companion refused a frame:', message.reason);
    }
  }

  /**
   * Reconnects now if the socket is down (the tab became visible or the network changed),
   * instead of waiting out the backoff.
   */
  nudge(): void {
    if (this.#stopped) return;
    const state = this.#socket?.readyState;
    if (state === WebSocket.OPEN || state === WebSocket.CONNECTING) return;
    clearTimeout(this.#retry);
    this.#backoff.reset();
    this.#connect();
  }

  /** Withdraws and disconnects. */
  stop(): void {
    this.#stopped = true;
    this.#announcing = false;
    clearInterval(this.#refresh);
    this.#refresh = undefined;
    clearTimeout(this.#retry);
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ t: 'withdraw' }));
    socket?.close();
  }
}
