/**
 * An in-memory, message-based link between two sync sessions that counts what crosses it. Messages
 * travel in flights: everything sent while delivering one flight leaves in the next, as if each
 * flight took one one-way latency. Round trips are flights ÷ 2, rounded up, which is what a real
 * link would wait for.
 */
import type { ChainTree } from '../chain/tree.ts';
import { SyncSession, type SyncReport } from './session.ts';
import type { ContentStore } from './types.ts';

/** What crossed the pipe. */
export interface PipeStats {
  /** Flights that carried at least one message. */
  flights: number;
  messages: number;
  bytes: number;
  /** Bytes per message type byte, for reports. */
  readonly bytesByType: Map<number, number>;
}

/** One side of a pipe. */
export interface PipeEnd {
  /** Hands a message to the other side (delivered in the next flight). */
  send(bytes: Uint8Array): void;
}

type Queued = { readonly to: 0 | 1; readonly bytes: Uint8Array };

/** Two ends and the flights between them. */
export class MemoryPipe {
  readonly stats: PipeStats = { flights: 0, messages: 0, bytes: 0, bytesByType: new Map() };
  readonly ends: readonly [PipeEnd, PipeEnd];
  #queue: Queued[] = [];
  #receivers: [(bytes: Uint8Array) => void, (bytes: Uint8Array) => void] = [() => {}, () => {}];
  /** When set, a message is dropped (not delivered) if this returns true: a cut link. */
  drop: ((bytes: Uint8Array, to: 0 | 1) => boolean) | null = null;

  constructor() {
    const end = (to: 0 | 1): PipeEnd => ({
      send: (bytes) => this.#queue.push({ to, bytes }),
    });
    this.ends = [end(1), end(0)];
  }

  /** Sets who receives at end `side` (0 or 1). */
  onReceive(side: 0 | 1, receive: (bytes: Uint8Array) => void): void {
    this.#receivers[side] = receive;
  }

  /** Round trips so far. */
  get roundTrips(): number {
    return Math.ceil(this.stats.flights / 2);
  }

  /** Delivers flights until nothing is in transit, at most `maxFlights`. */
  run(maxFlights = 100_000): void {
    for (let i = 0; i < maxFlights && this.#queue.length > 0; i++) {
      const flight = this.#queue;
      this.#queue = [];
      this.stats.flights += 1;
      for (const { to, bytes } of flight) {
        if (this.drop?.(bytes, to)) continue;
        this.stats.messages += 1;
        this.stats.bytes += bytes.length;
        const type = bytes[0] ?? 0;
        this.stats.bytesByType.set(type, (this.stats.bytesByType.get(type) ?? 0) + bytes.length);
        this.#receivers[to](bytes);
      }
    }
  }
}

/** One side of an in-memory sync. */
export interface SyncPeer {
  readonly tree: ChainTree;
  readonly contents: ContentStore;
  readonly now: () => number;
  readonly chunkBytes?: number;
}

/**
 * Runs one session between `a` and `b` over a fresh pipe until nothing is in transit. `setup` may
 * install a `drop` rule first (to cut the link mid-transfer). Returns both reports (null for a side
 * whose session did not end, e.g. after a cut) and the pipe with its counters.
 */
export function syncInMemory(
  a: SyncPeer,
  b: SyncPeer,
  setup?: (pipe: MemoryPipe) => void,
): { pipe: MemoryPipe; reports: [SyncReport | null, SyncReport | null] } {
  const pipe = new MemoryPipe();
  setup?.(pipe);
  const session = (peer: SyncPeer, end: PipeEnd): SyncSession =>
    new SyncSession({
      tree: peer.tree,
      contents: peer.contents,
      now: peer.now,
      send: (bytes) => end.send(bytes),
      ...(peer.chunkBytes === undefined ? {} : { chunkBytes: peer.chunkBytes }),
    });
  const sa = session(a, pipe.ends[0]);
  const sb = session(b, pipe.ends[1]);
  pipe.onReceive(0, (bytes) => sa.receive(bytes));
  pipe.onReceive(1, (bytes) => sb.receive(bytes));
  sa.start();
  sb.start();
  pipe.run();
  return { pipe, reports: [sa.report, sb.report] };
}
