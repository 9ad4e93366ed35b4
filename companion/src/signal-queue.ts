/**
 * Signals waiting for a PeerJS client that is about to connect (the peer server holds them for
 * 5 s). Bounded in bytes per source, per destination and in all, because a source decides how
 * much it sends: with one global count (2,000 signals of up to 64 KiB) a single client could pin
 * ~125 MiB and fill every slot, so the offer of a real peer was dropped. Now one source can fill
 * only its own budget; the signals of every other source still fit.
 */
import type { RelayedSignal } from '@kiana/shared/protocol';

export interface QueueLimits {
  /** Bytes one source may have waiting, over all destinations (two full-size frames). */
  readonly perSource: number;
  /** Bytes waiting for one destination, over all sources. */
  readonly perDestination: number;
  /** Bytes one source may have waiting for one destination: a share of `perDestination`. */
  readonly perPair: number;
  /** Bytes waiting in all; the backstop when many sources flood together. */
  readonly total: number;
}

/**
 * A WebRTC offer is a few KiB and its candidates a few hundred bytes each, so 128 KiB per source
 * is far beyond any real connection attempt; four sources can fill one destination's queue
 * before it refuses more.
 */
export const QUEUE_LIMITS: QueueLimits = {
  perSource: 128 * 1024,
  perDestination: 512 * 1024,
  perPair: 128 * 1024,
  total: 16 * 1024 * 1024,
};

interface Entry {
  readonly signal: RelayedSignal;
  readonly bytes: number;
  readonly expiresAt: number;
}

/** Why a signal was not queued. */
export type Refusal = 'source full' | 'destination full' | 'queue full';

function add(map: Map<string, number>, key: string, bytes: number): void {
  const next = (map.get(key) ?? 0) + bytes;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}

export class SignalQueue {
  readonly #byDst = new Map<string, Entry[]>();
  readonly #srcBytes = new Map<string, number>();
  readonly #dstBytes = new Map<string, number>();
  readonly #pairBytes = new Map<string, number>();
  #total = 0;

  constructor(private readonly limits: QueueLimits = QUEUE_LIMITS) {}

  /** Bytes waiting in all. */
  get bytes(): number {
    return this.#total;
  }

  /** Destinations with signals waiting. */
  destinations(): string[] {
    return [...this.#byDst.keys()];
  }

  /** Queues `signal` until `expiresAt`, or says which bound it would break. */
  add(signal: RelayedSignal, expiresAt: number): Refusal | null {
    const bytes = Buffer.byteLength(JSON.stringify(signal));
    const pair = `${signal.src}\n${signal.dst}`;
    const { perSource, perDestination, perPair, total } = this.limits;
    if ((this.#srcBytes.get(signal.src) ?? 0) + bytes > perSource) return 'source full';
    if ((this.#pairBytes.get(pair) ?? 0) + bytes > perPair) return 'source full';
    if ((this.#dstBytes.get(signal.dst) ?? 0) + bytes > perDestination) return 'destination full';
    if (this.#total + bytes > total) return 'queue full';
    const list = this.#byDst.get(signal.dst) ?? [];
    list.push({ signal, bytes, expiresAt });
    this.#byDst.set(signal.dst, list);
    this.#account({ signal, bytes, expiresAt }, 1);
    return null;
  }

  /** Removes and returns everything waiting for `dst`, oldest first. */
  take(dst: string): RelayedSignal[] {
    const list = this.#byDst.get(dst) ?? [];
    this.#byDst.delete(dst);
    for (const entry of list) this.#account(entry, -1);
    return list.map((e) => e.signal);
  }

  /** Removes and returns the signals whose time ran out by `now`. */
  expire(now: number): RelayedSignal[] {
    const gone: RelayedSignal[] = [];
    for (const [dst, list] of this.#byDst) {
      const kept = list.filter((e) => e.expiresAt > now);
      for (const entry of list) {
        if (entry.expiresAt > now) continue;
        this.#account(entry, -1);
        gone.push(entry.signal);
      }
      if (kept.length === 0) this.#byDst.delete(dst);
      else this.#byDst.set(dst, kept);
    }
    return gone;
  }

  #account(entry: Entry, sign: 1 | -1): void {
    const { src, dst } = entry.signal;
    const bytes = sign * entry.bytes;
    add(this.#srcBytes, src, bytes);
    add(this.#dstBytes, dst, bytes);
    add(this.#pairBytes, `${src}\n${dst}`, bytes);
    this.#total += bytes;
  }
}
