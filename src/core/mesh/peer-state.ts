/**
 * What the mesh remembers about one paired device across connections: message sequence numbers
 * in both directions and the messages not yet acknowledged (so a replaced connection resumes
 * where the old one stopped), and its health — a phi-accrual detector fed by every frame, the
 * round-trip time of heartbeats, and when it was last heard from.
 *
 * The fields are private: the mesh, admission and the heartbeat change them only through the
 * named transitions here (`attach`, `detach`, `received`, `ping`, …), so that, for example, a
 * peer with a link is never `offline` and a peer without one has no heartbeats in flight.
 */
import { KianaError } from '@kiana/shared/errors';
import type { Pairing } from '../pairing/types.ts';
import type { ResumeMessage } from '@kiana/shared/protocol/mesh';
import type { Link } from './link.ts';
import { PhiAccrualDetector, type PeerHealth, type PhiAccrualOptions } from './phi-accrual.ts';

/** A message kept until the peer acknowledges it. */
export interface Outgoing {
  readonly seq: number;
  readonly topic: string;
  readonly bytes: Uint8Array;
}

/**
 * What became of a received data message: `old` was delivered before a replacement (drop it),
 * `gap` skipped a number (a protocol error), `new` is to deliver, `ack-due` is to deliver and
 * acknowledge now.
 */
export type Arrival = 'old' | 'gap' | 'new' | 'ack-due';

/** Unacknowledged bytes kept per peer; beyond this the oldest are given up (and counted). */
export const MAX_OUTBOX_BYTES = 64 * 1024 * 1024;
/** Acknowledge after this many messages or bytes even between heartbeats. */
export const ACK_EVERY_MESSAGES = 32;
export const ACK_EVERY_BYTES = 1024 * 1024;
/** Pings in flight per peer; older ones are forgotten (their pongs no longer count). */
const PINGS_IN_FLIGHT = 32;

export class PeerState {
  #pairing: Pairing;
  #link: Link | null = null;
  /** The peer's session id as of the last resume; null before the first. */
  #remoteSession: string | null = null;
  #sendSeq = 0;
  #recvSeq = 0;
  /** Messages received since we last acknowledged. */
  #unackedCount = 0;
  #unackedBytes = 0;
  #dropped = 0;
  #detector: PhiAccrualDetector;
  #rttMs: number | null = null;
  #lastSeen: number | null = null;
  #health: PeerHealth = 'offline';
  /** Heartbeats in flight: ping number → monotonic send time. */
  readonly #pings = new Map<number, number>();
  #nextPing = 1;
  readonly #outbox: Outgoing[] = [];
  #outboxBytes = 0;
  readonly #detectorOptions: Partial<PhiAccrualOptions>;

  constructor(pairing: Pairing, detector: Partial<PhiAccrualOptions>) {
    this.#pairing = pairing;
    this.#detectorOptions = detector;
    this.#detector = new PhiAccrualDetector(detector);
  }

  get pairing(): Pairing {
    return this.#pairing;
  }

  /** The link carrying this peer's messages, null while it has none. */
  get link(): Link | null {
    return this.#link;
  }

  /** Health as of the last heartbeat round; `offline` exactly while there is no link. */
  get health(): PeerHealth {
    return this.#health;
  }

  /** Smoothed heartbeat round trip, null before the first pong. */
  get rttMs(): number | null {
    return this.#rttMs;
  }

  /** Wall-clock time of the last frame from this peer, null if never. */
  get lastSeen(): number | null {
    return this.#lastSeen;
  }

  /** The peer's session id as of the last resume; null before the first. */
  get remoteSession(): string | null {
    return this.#remoteSession;
  }

  /** The sequence number of the last message delivered from the peer. */
  get recvSeq(): number {
    return this.#recvSeq;
  }

  /** Messages given up because the outbox overflowed or the peer restarted. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Takes the pairing's new record (after pairing again or a rename by the host).
   *
   * @throws KianaError `internal` when the record is of another device
   */
  update(pairing: Pairing): void {
    if (pairing.deviceId !== this.#pairing.deviceId) {
      throw new KianaError('internal', 'a pairing record of another device');
    }
    this.#pairing = pairing;
  }

  /** The peer's hello carried `name`; returns whether that is a new name. */
  rename(name: string): boolean {
    if (name === this.#pairing.name) return false;
    this.#pairing = { ...this.#pairing, name };
    return true;
  }

  /**
   * Makes `link` (in phase `resume`, proven for this device) the peer's link: the link goes
   * `up`, health starts afresh as `online`, and the frame that got here counts as heard.
   * Returns the link it replaces, which the caller closes.
   *
   * @throws KianaError `internal` when `link` is of another device or not in phase `resume`
   */
  attach(link: Link, now: number, wallClock: number): Link | null {
    if (link.deviceId !== this.#pairing.deviceId) {
      throw new KianaError('internal', 'a link of another device');
    }
    link.markUp();
    const old = this.#link;
    this.#link = link;
    // A fresh detector for a fresh link: the gap while disconnected is not a heartbeat interval.
    this.#detector = new PhiAccrualDetector(this.#detectorOptions);
    this.heard(now, wallClock);
    this.#health = 'online';
    return old;
  }

  /**
   * `link` closed: if it was the peer's link, the peer is offline and its pings are void.
   * Returns whether it was (a replaced or never-attached link changes nothing).
   */
  detach(link: Link): boolean {
    if (this.#link !== link) return false;
    this.#link = null;
    this.#health = 'offline';
    this.#pings.clear();
    return true;
  }

  /** A frame from the peer arrived: evidence of life for the detector and "last seen". */
  heard(now: number, wallClock: number): void {
    this.#detector.heartbeat(now);
    this.#lastSeen = wallClock;
  }

  /** Updates health from the detector at `now` and returns it (`offline`: close the link). */
  assess(now: number): PeerHealth {
    if (this.#link === null) return this.#health;
    this.#health = this.#detector.state(now);
    return this.#health;
  }

  /** Records an outgoing message and returns it with its sequence number. */
  enqueue(topic: string, bytes: Uint8Array): Outgoing {
    const message = { seq: ++this.#sendSeq, topic, bytes };
    this.#outbox.push(message);
    this.#outboxBytes += bytes.length;
    while (this.#outboxBytes > MAX_OUTBOX_BYTES && this.#outbox.length > 1) {
      const oldest = this.#outbox.shift();
      this.#outboxBytes -= oldest?.bytes.length ?? 0;
      this.#dropped += 1;
    }
    return message;
  }

  /** Forgets messages the peer has received (cumulative ack). */
  acknowledge(seq: number): void {
    while (this.#outbox.length > 0 && (this.#outbox[0]?.seq ?? Infinity) <= seq) {
      this.#outboxBytes -= this.#outbox.shift()?.bytes.length ?? 0;
    }
  }

  /**
   * A data message `seq` of `size` bytes arrived. Counts it as delivered when it is the next one;
   * an acknowledgement falls due every {@link ACK_EVERY_MESSAGES} messages or
   * {@link ACK_EVERY_BYTES} bytes, so a long transfer frees the sender's outbox between pings.
   */
  received(seq: number, size: number): Arrival {
    if (seq <= this.#recvSeq) return 'old';
    if (seq !== this.#recvSeq + 1) return 'gap';
    this.#recvSeq = seq;
    this.#unackedCount += 1;
    this.#unackedBytes += size;
    if (this.#unackedCount < ACK_EVERY_MESSAGES && this.#unackedBytes < ACK_EVERY_BYTES) {
      return 'new';
    }
    this.#acked();
    return 'ack-due';
  }

  /**
   * A heartbeat goes out at `now`: returns its number and our cumulative ack, which it carries
   * (so the pending acknowledgement is settled too).
   */
  ping(now: number): { n: number; ack: number } {
    const n = this.#nextPing++;
    this.#pings.set(n, now);
    if (this.#pings.size > PINGS_IN_FLIGHT) this.#pings.delete(n - PINGS_IN_FLIGHT);
    this.#acked();
    return { n, ack: this.#recvSeq };
  }

  /**
   * The pong to ping `n` arrived at `now`: returns the round trip, folded into a smoothed
   * average so one slow pong does not jump the UI; undefined for a ping not in flight.
   */
  pong(n: number, now: number): number | undefined {
    const sent = this.#pings.get(n);
    if (sent === undefined) return undefined;
    this.#pings.delete(n);
    const rtt = now - sent;
    this.#rttMs = this.#rttMs === null ? rtt : 0.8 * this.#rttMs + 0.2 * rtt;
    return rtt;
  }

  /** Our `resume` for a new link: the peer's session we last knew and what we delivered. */
  resumeMessage(): ResumeMessage {
    return { t: 'resume', peerSession: this.#remoteSession ?? '', recv: this.#recvSeq };
  }

  /**
   * Applies the peer's resume message on a new link. When either side restarted since the last
   * link (sessions differ), numbering starts again and unacknowledged messages are given up —
   * the other side's handlers have restarted too and resync at peer-up. Otherwise returns the
   * messages to send again, in order.
   */
  resume(mySession: string, theirSession: string, message: ResumeMessage): Outgoing[] {
    const continuous = this.#remoteSession === theirSession && message.peerSession === mySession;
    if (!continuous) {
      this.#remoteSession = theirSession;
      this.#sendSeq = 0;
      this.#recvSeq = 0;
      this.#dropped += this.#outbox.length;
      this.#outbox.length = 0;
      this.#outboxBytes = 0;
      return [];
    }
    this.acknowledge(message.recv);
    return [...this.#outbox];
  }

  #acked(): void {
    this.#unackedCount = 0;
    this.#unackedBytes = 0;
  }
}
