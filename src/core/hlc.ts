/**
 * Hybrid logical clock (Kulkarni et al., 2014): timestamps that follow physical time when clocks
 * behave, yet never go backwards and always order an event after every event it has seen. Pure:
 * the wall clock is passed in, so tests drive time and the worker passes `Date.now`.
 *
 * Encoded as a fixed-width string `wwwwwwwwwwww.cccc.<device>` (12 hex digits of wall ms, 4 hex
 * digits of counter, the device id), so comparing encodings as strings is comparing clocks, and
 * SQLite can sort and index them as TEXT.
 */
import { KianaError } from '@kiana/shared/errors';
import { isDeviceId, type DeviceId } from '@kiana/shared/ids';

/** One timestamp. `device` breaks ties so the order is total. */
export interface Hlc {
  readonly wallMs: number;
  readonly counter: number;
  readonly device: DeviceId;
}

/** The encoded, sortable form of an `Hlc`. */
export type HlcString = string & { readonly __hlc: true };

/** Largest wall time the encoding holds: 12 hex digits, about year 10889. */
export const MAX_WALL_MS = 0xffff_ffff_ffff;
/** Largest counter the encoding holds; beyond it the clock borrows one millisecond. */
export const MAX_COUNTER = 0xffff;
/** A remote clock further ahead of ours than this is refused rather than followed. */
export const DEFAULT_MAX_DRIFT_MS = 24 * 60 * 60 * 1000;

/** The clock's zero for `device`: earlier than every timestamp it will issue. */
export function hlcZero(device: DeviceId): Hlc {
  return { wallMs: 0, counter: 0, device };
}

/**
 * Builds a timestamp from parts, carrying a counter overflow into the wall time. Borrowing a
 * millisecond keeps the clock monotonic without failing a write; it can only happen after 65,536
 * events in one millisecond.
 */
function make(wallMs: number, counter: number, device: DeviceId): Hlc {
  if (counter > MAX_COUNTER) return { wallMs: wallMs + 1, counter: 0, device };
  return { wallMs, counter, device };
}

function checkNow(nowMs: number): number {
  if (!Number.isSafeInteger(nowMs) || nowMs < 0 || nowMs > MAX_WALL_MS) {
    throw new KianaError('internal', `wall clock out of range: ${nowMs}`);
  }
  return nowMs;
}

/**
 * The timestamp for a local event (a write, or a message we send), given the last one we issued.
 * Strictly greater than `last`.
 */
export function hlcSend(last: Hlc, nowMs: number): Hlc {
  const now = checkNow(nowMs);
  if (now > last.wallMs) return { wallMs: now, counter: 0, device: last.device };
  return make(last.wallMs, last.counter + 1, last.device);
}

/**
 * The timestamp after receiving `remote`: strictly greater than both `last` and `remote`.
 * Throws `clock-drift` when `remote` runs more than `maxDriftMs` ahead of our wall clock, so one
 * peer with a broken clock cannot drag ours into the future.
 */
export function hlcReceive(
  last: Hlc,
  remote: Hlc,
  nowMs: number,
  maxDriftMs: number = DEFAULT_MAX_DRIFT_MS,
): Hlc {
  const now = checkNow(nowMs);
  if (remote.wallMs - now > maxDriftMs) {
    throw new KianaError('clock-drift', `remote clock is ${remote.wallMs - now} ms ahead`);
  }
  const device = last.device;
  const wall = Math.max(last.wallMs, remote.wallMs, now);
  if (wall === last.wallMs && wall === remote.wallMs) {
    return make(wall, Math.max(last.counter, remote.counter) + 1, device);
  }
  if (wall === last.wallMs) return make(wall, last.counter + 1, device);
  if (wall === remote.wallMs) return make(wall, remote.counter + 1, device);
  return { wallMs: wall, counter: 0, device };
}

/** Total order: wall time, then counter, then device id. Returns -1, 0 or 1. */
export function hlcCompare(a: Hlc, b: Hlc): -1 | 0 | 1 {
  if (a.wallMs !== b.wallMs) return a.wallMs < b.wallMs ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  if (a.device !== b.device) return a.device < b.device ? -1 : 1;
  return 0;
}

/** The earlier of two timestamps. */
export function hlcMin(a: Hlc, b: Hlc): Hlc {
  return hlcCompare(a, b) <= 0 ? a : b;
}

/** Encodes `hlc` so that string order equals `hlcCompare` order. */
export function encodeHlc(hlc: Hlc): HlcString {
  const wall = hlc.wallMs.toString(16).padStart(12, '0');
  const counter = hlc.counter.toString(16).padStart(4, '0');
  return `${wall}.${counter}.${hlc.device}` as HlcString;
}

const ENCODED = /^([0-9a-f]{12})\.([0-9a-f]{4})\.([a-z2-7]{26})$/;

/** Decodes an encoded timestamp, or throws `bad-message`. */
export function decodeHlc(value: string): Hlc {
  const [, wall, counter, device] = ENCODED.exec(value) ?? [];
  if (wall === undefined || counter === undefined || !isDeviceId(device)) {
    throw new KianaError('bad-message', 'not an HLC timestamp');
  }
  return { wallMs: parseInt(wall, 16), counter: parseInt(counter, 16), device };
}

/** True when `value` is a well-formed encoded timestamp. */
export function isHlcString(value: unknown): value is HlcString {
  return typeof value === 'string' && ENCODED.test(value);
}

/**
 * A clock object for one device: keeps the last timestamp and asks `now` for the wall time.
 * The worker holds one; tests inject `now`.
 */
export class HlcClock {
  private last: Hlc;

  constructor(
    device: DeviceId,
    private readonly now: () => number,
    last?: Hlc,
  ) {
    this.last = last ? { ...last, device } : hlcZero(device);
  }

  /** A new timestamp for a local event. */
  tick(): Hlc {
    this.last = hlcSend(this.last, this.now());
    return this.last;
  }

  /** Merges a timestamp seen from elsewhere; returns the new local timestamp. */
  receive(remote: Hlc): Hlc {
    this.last = hlcReceive(this.last, remote, this.now());
    return this.last;
  }

  /** The last issued timestamp. */
  peek(): Hlc {
    return this.last;
  }
}
