/**
 * Heartbeats on the running channels: every period a `ping` carrying our cumulative ack to each
 * connected peer, its `pong` timing the round trip, and a channel silent far beyond its rhythm
 * (phi-accrual `offline`) closed so that it is replaced. Split from mesh.ts.
 */
import { KianaError } from '@kiana/shared/errors';
import type { PeerState } from './peer-state.ts';

/** Round trips kept for {@link Heartbeat.probe} callers that have not read theirs yet. */
const KEEP_PONGS = 64;
/** Pings in flight per peer; older ones are forgotten (their pongs no longer count). */
const PINGS_IN_FLIGHT = 32;

export class Heartbeat {
  readonly #now: () => number;
  readonly #log: (message: string) => void;
  readonly #lastPong = new Map<number, number>();

  constructor(now: () => number, log: (message: string) => void) {
    this.#now = now;
    this.#log = log;
  }

  /** One round over `peers`; returns whether any connected peer was pinged (status to show). */
  beat(peers: Iterable<PeerState>): boolean {
    const now = this.#now();
    let pinged = false;
    for (const state of peers) {
      const link = state.link;
      if (link === null) continue;
      const health = state.detector.state(now);
      if (health === 'offline') {
        // Silent far beyond its rhythm: the channel is dead even if it has not said so.
        this.#log(`closing silent channel to ${state.pairing.name}`);
        link.close();
        continue;
      }
      state.health = health;
      pinged = true;
      this.#ping(state, now);
      state.unackedCount = 0;
      state.unackedBytes = 0;
    }
    return pinged;
  }

  /** A `pong` from `state`'s peer: one round-trip sample. */
  pong(state: PeerState, n: number): void {
    const sent = state.pings.get(n);
    if (sent === undefined) return;
    const rtt = this.#now() - sent;
    state.recordRtt(rtt);
    this.#lastPong.set(n, rtt);
    if (this.#lastPong.size > KEEP_PONGS) this.#lastPong.clear();
    state.pings.delete(n);
  }

  /** One heartbeat round trip in ms now (for the bench); rejects when the peer is not up. */
  probe(state: PeerState | undefined): Promise<number> {
    const link = state?.link;
    if (state === undefined || link == null) {
      return Promise.reject(new KianaError('peer-offline', 'no channel'));
    }
    const began = this.#now();
    const n = this.#ping(state, began);
    return new Promise((resolve, reject) => {
      const check = setInterval(() => {
        if (!state.pings.has(n)) {
          clearInterval(check);
          resolve(this.#lastPong.get(n) ?? this.#now() - began);
        } else if (this.#now() - began > 10_000 || link.phase === 'closed') {
          clearInterval(check);
          reject(new KianaError('timeout', 'no pong'));
        }
      }, 1);
    });
  }

  #ping(state: PeerState, now: number): number {
    const n = state.nextPing++;
    state.pings.set(n, now);
    if (state.pings.size > PINGS_IN_FLIGHT) state.pings.delete(n - PINGS_IN_FLIGHT);
    state.link?.sendControl({ t: 'ping', n, ack: state.recvSeq });
    return n;
  }
}
