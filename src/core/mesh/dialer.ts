/**
 * Which present peers the mesh dials, and when: the smaller transport address dials (so two
 * devices do not both dial), never twice at once, never an address that refused us or failed
 * its proof (until a nudge), and after a failure only when its jittered backoff has passed.
 * Split from mesh.ts, which owns the channels once they are open.
 */
import { Backoff, type BackoffOptions, type RandomSource } from './backoff.ts';
import type { OpeningCandidate } from './opening.ts';
import type { TokenBook } from './token-book.ts';
import type { Channel, Presence, Transport } from './transport.ts';

export interface DialerOptions {
  readonly transport: Transport;
  readonly tokens: TokenBook;
  /** Monotonic milliseconds, for backoff. */
  readonly now: () => number;
  /** Wall-clock milliseconds, for the rendezvous epoch of a token. */
  readonly wallClock: () => number;
  readonly random: RandomSource;
  readonly backoff: Partial<BackoffOptions>;
  readonly log: (message: string, detail?: unknown) => void;
  readonly shouldDial: (self: string, remote: string) => boolean;
  /** True while a channel to `remote` is open or opening. */
  readonly connected: (remote: string) => boolean;
  /** Takes a dialed channel, with the pairing whose token led to it (the dialer proves first). */
  readonly adopt: (channel: Channel, pick: OpeningCandidate) => void;
}

export class Dialer {
  readonly #o: DialerOptions;
  #present: readonly Presence[] = [];
  readonly #retry = new Map<string, { backoff: Backoff; at: number }>();
  readonly #refused = new Set<string>();
  readonly #dialing = new Set<string>();
  #wake: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(options: DialerOptions) {
    this.#o = options;
  }

  /** Everyone present now under one of our tokens (replaces the previous list). */
  present(present: readonly Presence[]): void {
    this.#present = present;
    const here = new Set(present.map((p) => p.peer));
    for (const address of this.#retry.keys()) if (!here.has(address)) this.#retry.delete(address);
    this.reconcile();
  }

  /** Dials every present peer we should dial and are not connected to. */
  reconcile(): void {
    if (this.#closed) return;
    const now = this.#o.now();
    const self = this.#o.transport.self;
    for (const { peer, token } of this.#present) {
      if (!this.#o.shouldDial(self, peer) || this.#refused.has(peer)) continue;
      if (this.#dialing.has(peer) || this.#o.connected(peer)) continue;
      if ((this.#retry.get(peer)?.at ?? 0) > now) continue;
      void this.#dial(peer, token);
    }
  }

  /** `remote` refused us or failed its proof: do not dial it again until {@link nudge}. */
  refuse(remote: string): void {
    this.#refused.add(remote);
  }

  /** A channel to `remote` came up: its next failure starts the backoff afresh. */
  succeeded(remote: string): void {
    this.#retry.get(remote)?.backoff.reset();
  }

  /** A channel to `remote` closed: dial it again after the backoff, if we are the dialer. */
  lost(remote: string): void {
    if (!this.#closed && this.#o.shouldDial(this.#o.transport.self, remote)) {
      this.#scheduleRetry(remote);
    }
  }

  /** Tab became visible or the network changed: retry everything now. */
  nudge(): void {
    for (const retry of this.#retry.values()) {
      retry.backoff.reset();
      retry.at = 0;
    }
    this.#refused.clear();
    this.reconcile();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#wake);
  }

  async #dial(peer: string, token: string): Promise<void> {
    this.#dialing.add(peer);
    try {
      // The dialer proves first, under the pairing whose token led it here.
      const pick = await this.#o.tokens.find(token, this.#o.wallClock());
      if (pick === undefined) return this.#scheduleRetry(peer);
      this.#o.adopt(await this.#o.transport.dial(peer), pick);
    } catch (error) {
      this.#o.log(`dial failed`, error instanceof Error ? error.message : error);
      this.#scheduleRetry(peer);
    } finally {
      this.#dialing.delete(peer);
    }
  }

  #scheduleRetry(peer: string): void {
    let retry = this.#retry.get(peer);
    if (retry === undefined) {
      retry = { backoff: new Backoff(this.#o.random, this.#o.backoff), at: 0 };
      this.#retry.set(peer, retry);
    }
    const delay = retry.backoff.next();
    retry.at = this.#o.now() + delay;
    clearTimeout(this.#wake);
    this.#wake = setTimeout(() => this.reconcile(), delay + 5);
  }
}
