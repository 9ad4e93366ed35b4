/**
 * What the mesh remembers about one paired device across connections: message sequence numbers
 * in both directions and the messages not yet acknowledged (so a replaced connection resumes
 * where the old one stopped), and its health — a phi-accrual detector fed by every frame, the
 * round-trip time of heartbeats, and when it was last heard from.
 */
import type { Pairing } from '../pairing/types.ts';
import type { ResumeMessage } from '@kiana/shared/protocol/mesh';
import type { Link } from './link.ts';
import { PhiAccrualDetector, type PeerHealth, type PhiAccrualOptions } from './phi-accrual.ts';

/** A message kept until the peer acknowledges it. */
interface Outgoing {
  readonly seq: number;
  readonly topic: string;
  readonly bytes: Uint8Array;
}

/** Unacknowledged bytes kept per peer; beyond this the oldest are given up (and counted). */
export const MAX_OUTBOX_BYTES = 64 * 1024 * 1024;

export class PeerState {
  pairing: Pairing;
  link: Link | null = null;
  /** The peer's session id as of the last resume; null before the first. */
  remoteSession: string | null = null;
  sendSeq = 0;
  recvSeq = 0;
  /** Messages received since we last acknowledged (acks go out every 32 messages or 1 MiB). */
  unackedCount = 0;
  unackedBytes = 0;
  /** Messages given up because the outbox overflowed while the peer was slow or away. */
  dropped = 0;
  detector: PhiAccrualDetector;
  rttMs: number | null = null;
  /** Wall-clock time of the last frame from this peer. */
  lastSeen: number | null = null;
  health: PeerHealth = 'offline';
  /** Heartbeats in flight: ping number → monotonic send time. */
  readonly pings = new Map<number, number>();
  nextPing = 1;
  readonly #outbox: Outgoing[] = [];
  #outboxBytes = 0;
  readonly #detectorOptions: Partial<PhiAccrualOptions>;

  constructor(pairing: Pairing, detector: Partial<PhiAccrualOptions>) {
    this.pairing = pairing;
    this.#detectorOptions = detector;
    this.detector = new PhiAccrualDetector(detector);
  }

  /** Records a round-trip sample: a smoothed average, so one slow pong does not jump the UI. */
  recordRtt(sampleMs: number): void {
    this.rttMs = this.rttMs === null ? sampleMs : 0.8 * this.rttMs + 0.2 * sampleMs;
  }

  /** Records an outgoing message and returns its sequence number. */
  enqueue(topic: string, bytes: Uint8Array): Outgoing {
    const message = { seq: ++this.sendSeq, topic, bytes };
    this.#outbox.push(message);
    this.#outboxBytes += bytes.length;
    while (this.#outboxBytes > MAX_OUTBOX_BYTES && this.#outbox.length > 1) {
      const oldest = this.#outbox.shift();
      this.#outboxBytes -= oldest?.bytes.length ?? 0;
      this.dropped += 1;
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
   * Applies the peer's resume message on a new link. When either side restarted since the last
   * link (sessions differ), numbering starts again and unacknowledged messages are given up —
   * the other side's handlers have restarted too and resync at peer-up. Otherwise returns the
   * messages to send again, in order.
   */
  resume(mySession: string, theirSession: string, message: ResumeMessage): Outgoing[] {
    const continuous = this.remoteSession === theirSession && message.peerSession === mySession;
    if (!continuous) {
      this.remoteSession = theirSession;
      this.sendSeq = 0;
      this.recvSeq = 0;
      this.dropped += this.#outbox.length;
      this.#outbox.length = 0;
      this.#outboxBytes = 0;
      return [];
    }
    this.acknowledge(message.recv);
    return [...this.#outbox];
  }

  /** A fresh detector for a fresh link: the gap while disconnected is not a heartbeat interval. */
  resetDetector(): void {
    this.detector = new PhiAccrualDetector(this.#detectorOptions);
  }
}
