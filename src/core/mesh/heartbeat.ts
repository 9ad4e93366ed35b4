/**
 * Health of the running channels: every period a `ping` carrying our cumulative ack to each
 * connected peer, its `pong` timing the round trip, and a channel silent far beyond its rhythm
 * (phi-accrual `offline`) closed so that it is replaced. A {@link Heartbeat.probe} is settled by
 * its own pong, or by its link closing, or by a timeout; nothing here polls.
 */
import { KianaError } from '@kiana/shared/errors';
import type { Link } from './link.ts';
import type { PeerState } from './peer-state.ts';

/** A probe without a pong by then fails (the peer is alive by the detector, but not answering). */
const PROBE_TIMEOUT_MS = 10_000;

/** One {@link Heartbeat.probe} waiting for its pong. */
interface Probe {
  readonly state: PeerState;
  readonly link: Link;
  readonly n: number;
  readonly settle: (outcome: { rtt: number } | { error: KianaError }) => void;
}

export class Heartbeat {
  readonly #now: () => number;
  readonly #log: (message: string) => void;
  readonly #probes = new Set<Probe>();

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
      if (state.assess(now) === 'offline') {
        // Silent far beyond its rhythm: the channel is dead even if it has not said so.
        this.#log(`closing silent channel to ${state.pairing.name}`);
        link.close();
        continue;
      }
      pinged = true;
      this.#ping(state, link, now);
    }
    return pinged;
  }

  /** A `pong` from `state`'s peer: one round-trip sample, and the probe waiting for it if any. */
  pong(state: PeerState, n: number): void {
    const rtt = state.pong(n, this.#now());
    if (rtt === undefined) return;
    for (const probe of this.#probes) {
      if (probe.state === state && probe.n === n) probe.settle({ rtt });
    }
  }

  /** `link` closed: the probes sent on it get no pong any more. */
  closed(link: Link): void {
    for (const probe of this.#probes) {
      if (probe.link === link) {
        probe.settle({ error: new KianaError('timeout', 'the channel closed before the pong') });
      }
    }
  }

  /**
   * One heartbeat round trip in ms now (for the bench).
   *
   * @throws KianaError `peer-offline` when the peer has no link; `timeout` when no pong comes
   *   within 10 s or the link closes first
   */
  probe(state: PeerState | undefined): Promise<number> {
    const link = state?.link;
    if (state === undefined || link == null) {
      return Promise.reject(new KianaError('peer-offline', 'no channel'));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => probe.settle({ error: new KianaError('timeout', 'no pong') }),
        PROBE_TIMEOUT_MS,
      );
      const probe: Probe = {
        state,
        link,
        n: this.#ping(state, link, this.#now()),
        settle: (outcome) => {
          clearTimeout(timer);
          this.#probes.delete(probe);
          if ('rtt' in outcome) resolve(outcome.rtt);
          else reject(outcome.error);
        },
      };
      this.#probes.add(probe);
    });
  }

  #ping(state: PeerState, link: Link, now: number): number {
    const { n, ack } = state.ping(now);
    link.sendControl({ t: 'ping', n, ack });
    return n;
  }
}
