/** What a {@link Mesh} is given, and the defaults for what may be left out. */
import type { Exchange } from '../crypto/exchange.ts';
import type { Primitives } from '../crypto/primitives.ts';
import type { LocalParty, Pairing } from '../pairing/types.ts';
import type { BackoffOptions, RandomSource } from './backoff.ts';
import type { PhiAccrualOptions } from './phi-accrual.ts';
import type { Transport } from './transport.ts';
import type { RemovedPairing } from './types.ts';

export interface MeshOptions {
  readonly transport: Transport;
  readonly me: LocalParty;
  readonly primitives: Primitives;
  /** Keyed BLAKE2b for the proofs that open a channel. */
  readonly exchange: Exchange;
  readonly pairings: readonly Pairing[];
  readonly removed?: readonly RemovedPairing[];
  /** Monotonic milliseconds (performance.now). */
  readonly now?: () => number;
  /** Wall-clock milliseconds, for "last seen". */
  readonly wallClock?: () => number;
  readonly random?: RandomSource;
  /** Heartbeat period; 1 s by default. */
  readonly heartbeatMs?: number;
  /** A channel that has not finished hello and resume by then is closed. */
  readonly helloTimeoutMs?: number;
  /**
   * A channel whose peer has not proved a pairing by then is closed: 800 ms by default, so a
   * stranger is gone within a second, while a paired peer needs one round trip.
   */
  readonly openTimeoutMs?: number;
  readonly detector?: Partial<PhiAccrualOptions>;
  readonly backoff?: Partial<BackoffOptions>;
  readonly log?: (message: string, detail?: unknown) => void;
  /**
   * Whether we dial a present peer: by default the smaller transport address dials. Tests
   * override it to make both sides dial at once (glare).
   */
  readonly shouldDial?: (self: string, remote: string) => boolean;
}

/** The options with every default filled in (pairings and `me` are kept by the mesh itself). */
export type MeshSettings = Required<Omit<MeshOptions, 'pairings' | 'removed' | 'me'>>;

/** Fills in the defaults: 1 s heartbeats, 15 s to finish hello and resume, 800 ms to prove. */
export function withDefaults(options: MeshOptions): MeshSettings {
  return {
    now: () => performance.now(),
    wallClock: () => Date.now(),
    random: Math.random,
    heartbeatMs: 1000,
    helloTimeoutMs: 15_000,
    openTimeoutMs: 800,
    detector: {},
    backoff: {},
    log: (message, detail) => console.warn(`mesh: ${message}`, detail ?? ''),
    shouldDial: (self, remote) => self < remote,
    ...options,
  };
}
