/**
 * A ceiling on what a peer's received frames may hold in memory while they wait for their turn.
 * Frames of one peer are handled one after another (the store must see them in order), and the
 * store is much slower than a data channel: without a ceiling, a paired device that turned
 * hostile (a stolen phone) could send frame after frame and grow the waiting line until the tab
 * runs out of memory. Honest peers stay far below it: sync answers one request at a time, a
 * message is small, file chunks come when asked. A frame over the ceiling is dropped: a message
 * is sent again by its sender until acknowledged, a sync session starts over on the next
 * `peer-up`.
 */

/** Bytes of received frames one peer may have waiting, per line (sync, messages). */
export const INBOUND_LIMIT_BYTES = 64 * 1024 * 1024;
/** Frames one peer may have waiting, per line: a flood of empty frames costs memory too. */
export const INBOUND_LIMIT_FRAMES = 4096;
/** Bytes all peers together may have waiting, per line: many hostile contacts at once. */
export const INBOUND_TOTAL_BYTES = 4 * INBOUND_LIMIT_BYTES;
/**
 * What a waiting frame costs beyond its bytes (the step queued for it), so that tiny frames
 * count: an empty one is charged this much.
 */
export const FRAME_OVERHEAD_BYTES = 1024;

interface Waiting {
  bytes: number;
  frames: number;
}

export class InboundBudget<P> {
  readonly #waiting = new Map<P, Waiting>();
  readonly #limit: number;
  readonly #frames: number;
  readonly #totalLimit: number;
  /** Bytes charged for what waits from all peers. */
  #total = 0;

  constructor(
    limit = INBOUND_LIMIT_BYTES,
    frames = INBOUND_LIMIT_FRAMES,
    totalLimit = INBOUND_TOTAL_BYTES,
  ) {
    this.#limit = limit;
    this.#frames = frames;
    this.#totalLimit = totalLimit;
  }

  /** Reserves room for a frame of `bytes` from `peer`; false: drop it, the peer is over. */
  take(peer: P, bytes: number): boolean {
    const waiting = this.#waiting.get(peer) ?? { bytes: 0, frames: 0 };
    const cost = bytes + FRAME_OVERHEAD_BYTES;
    if (waiting.frames >= this.#frames || waiting.bytes + cost > this.#limit) return false;
    if (this.#total + cost > this.#totalLimit) return false;
    this.#waiting.set(peer, { bytes: waiting.bytes + cost, frames: waiting.frames + 1 });
    this.#total += cost;
    return true;
  }

  /** The frame of `bytes` was handled (or failed): it waits no longer. */
  give(peer: P, bytes: number): void {
    const waiting = this.#waiting.get(peer);
    if (!waiting) return;
    this.#total -= bytes + FRAME_OVERHEAD_BYTES;
    const left = {
      bytes: waiting.bytes - bytes - FRAME_OVERHEAD_BYTES,
      frames: waiting.frames - 1,
    };
    if (left.frames > 0) this.#waiting.set(peer, left);
    else this.#waiting.delete(peer);
  }

  /** Bytes charged for what waits from `peer` now (each frame with its overhead). */
  waiting(peer: P): number {
    return this.#waiting.get(peer)?.bytes ?? 0;
  }
}
