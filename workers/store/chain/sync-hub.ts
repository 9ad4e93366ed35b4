/**
 * One sync session per connected peer, over whatever link the main thread has (the mesh, or a
 * test's pipe): bytes come in through `receive`, go out through `send`, each framed with its
 * session number (core/sync/frame.ts). Synchronous: the store calls it in a turn of its lock and
 * writes what a session applied right after.
 *
 * Sessions: either side may open one with a `hello`. When both open at once, the lower session
 * number wins on both sides; a `hello` under a new number after messages of the current session
 * means the peer started over (it restarted, or wants our news), so the old session is dropped.
 */
import type { ChainTree } from '../../../src/core/chain/index.ts';
import { KianaError } from '@kiana/shared/errors';
import type { DeviceId } from '@kiana/shared/ids';
import {
  HELLO_TYPE,
  SyncSession,
  decodeFrame,
  encodeFrame,
  tryDecodeMessage,
  type ContentStore,
  type Hello,
  type SyncProgress,
  type SyncReport,
} from '../../../src/core/sync/index.ts';
import type { RecordingTree } from './recording-tree.ts';

/** How a session ended, for the store to act on. */
export interface Ended {
  readonly peer: DeviceId;
  readonly report: SyncReport;
  /** The peer's `hello` in this session (its genesis, head and height), if it came. */
  readonly hello: Hello | null;
  /** The `hello` we sent in this session: with the peer's, what both sides decide on. */
  readonly mine: Hello | null;
  /** Set for a session that downloaded the peer's chain into a fresh tree, to adopt. */
  readonly candidate: RecordingTree | null;
}

/** What the hub needs from the store. */
export interface HubHost {
  tree(): ChainTree;
  contents(): ContentStore;
  now(): number;
  send(peer: DeviceId, bytes: Uint8Array): void;
  random(): number;
}

/** A peer as the Devices list sees it. */
export interface PeerSync {
  readonly device: DeviceId;
  readonly connected: boolean;
  readonly syncing: boolean;
  /** How far the running pull has got, when it knows. */
  readonly progress: SyncProgress | null;
}

interface Current {
  readonly id: number;
  readonly session: SyncSession;
  readonly candidate: RecordingTree | null;
  /** True once a message of this session came from the peer. */
  heard: boolean;
  hello: Hello | null;
  mine: Hello | null;
}

interface Peer {
  readonly device: DeviceId;
  connected: boolean;
  current: Current | null;
  /** Something new happened during the session: sync again when it ends. */
  again: boolean;
  /**
   * Sessions that ended here, newest last. A hello of one of them that arrives late (the peer
   * sent it before it heard the end) must not start it again: each side would restart the
   * session the other just ended, and the two would send each other that hello forever.
   */
  ended: number[];
}

/** Ended session ids remembered per peer; a new session always has a new random id. */
const ENDED_KEPT = 16;

export class SyncHub {
  readonly #host: HubHost;
  readonly #peers = new Map<DeviceId, Peer>();

  constructor(host: HubHost) {
    this.#host = host;
  }

  #peer(device: DeviceId): Peer {
    let peer = this.#peers.get(device);
    if (!peer) {
      peer = { device, connected: true, current: null, again: false, ended: [] };
      this.#peers.set(device, peer);
    }
    return peer;
  }

  /** The link to `device` is up (or we have news for it): start a session unless one runs. */
  open(device: DeviceId): void {
    const peer = this.#peer(device);
    peer.connected = true;
    if (peer.current) peer.again = true;
    else this.#start(peer, this.#newId(), null);
  }

  /** Starts a session that downloads the peer's whole chain into `candidate`. */
  join(device: DeviceId, candidate: RecordingTree): void {
    const peer = this.#peer(device);
    this.#start(peer, this.#newId(), candidate);
  }

  /** The link to `device` went down. */
  close(device: DeviceId): void {
    const peer = this.#peers.get(device);
    if (!peer) return;
    peer.connected = false;
    peer.current = null;
    peer.again = false;
  }

  /** We have something new: every connected peer gets a session (now or after the current). */
  kick(): void {
    for (const peer of this.#peers.values()) if (peer.connected) this.open(peer.device);
  }

  /** Sessions whose peer should hear from us again after they ended. */
  takeAgain(device: DeviceId): boolean {
    const peer = this.#peers.get(device);
    if (!peer || !peer.again || peer.current !== null || !peer.connected) return false;
    peer.again = false;
    return true;
  }

  /** Drops every session (the chain under them was reloaded). Peers stay connected. */
  reset(): void {
    for (const peer of this.#peers.values()) {
      if (peer.current) remember(peer, peer.current.id);
      peer.current = null;
    }
  }

  /** True while the session with `device` downloads its chain into a candidate to adopt. */
  joining(device: DeviceId): boolean {
    return (this.#peers.get(device)?.current?.candidate ?? null) !== null;
  }

  status(): PeerSync[] {
    return [...this.#peers.values()].map((p) => ({
      device: p.device,
      connected: p.connected,
      syncing: p.current !== null,
      progress: p.current?.session.progress ?? null,
    }));
  }

  /**
   * Handles one framed message from `device`; returns how the session ended, when it did.
   * Malformed frames and messages of sessions that are over are logged and dropped.
   */
  receive(device: DeviceId, bytes: Uint8Array): Ended | null {
    let frame;
    try {
      frame = decodeFrame(bytes);
    } catch (error) {
      console.warn('[sync] dropped a frame from', device, (error as KianaError).code);
      return null;
    }
    const peer = this.#peer(device);
    peer.connected = true;
    let current = peer.current;
    if (current?.id !== frame.session) {
      const isHello = frame.message[0] === HELLO_TYPE;
      // Two sessions crossed (neither heard from the other yet): the lower number wins.
      const crossed = current !== null && !current.heard && frame.session > current.id;
      if (!isHello || crossed || peer.ended.includes(frame.session)) return null;
      current = this.#start(peer, frame.session, null);
    }
    current.heard = true;
    if (frame.message[0] === HELLO_TYPE) current.hello = helloOf(frame.message);
    current.session.receive(frame.message);
    return this.#ended(peer, current);
  }

  #newId(): number {
    return Math.max(1, Math.floor(this.#host.random() * 0xffff_ffff));
  }

  #start(peer: Peer, id: number, candidate: RecordingTree | null): Current {
    const host = this.#host;
    const tree = candidate ?? host.tree();
    let current: Current | null = null;
    const session = new SyncSession({
      tree,
      contents: host.contents(),
      now: () => host.now(),
      // A superseded session stays silent: its peer has moved on to the new one.
      send: (bytes) => {
        if (peer.current !== current || current === null) return;
        if (bytes[0] === HELLO_TYPE) current.mine = helloOf(bytes);
        host.send(peer.device, encodeFrame(id, bytes));
      },
    });
    current = { id, session, candidate, heard: false, hello: null, mine: null };
    peer.current = current;
    session.start();
    return current;
  }

  #ended(peer: Peer, current: Current): Ended | null {
    const report = current.session.report;
    if (report === null || peer.current !== current) return null;
    peer.current = null;
    remember(peer, current.id);
    const { hello, mine, candidate } = current;
    return { peer: peer.device, report, hello, mine, candidate };
  }
}

function remember(peer: Peer, session: number): void {
  peer.ended.push(session);
  if (peer.ended.length > ENDED_KEPT) peer.ended.shift();
}

function helloOf(message: Uint8Array): Hello | null {
  const hello = tryDecodeMessage(message);
  return !(hello instanceof KianaError) && hello.type === 'hello' ? hello : null;
}
