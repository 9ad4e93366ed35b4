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

export class InboundBudget<P> {
  readonly #waiting = new Map<P, number>();
  readonly #limit: number;

  constructor(limit = INBOUND_LIMIT_BYTES) {
    this.#limit = limit;
  }

  /** Reserves room for a frame of `bytes` from `peer`; false: drop it, the peer is over. */
  take(peer: P, bytes: number): boolean {
    const waiting = this.#waiting.get(peer) ?? 0;
    if (waiting + bytes > this.#limit) return false;
    this.#waiting.set(peer, waiting + bytes);
    return true;
  }

  /** The frame was handled (or failed): its bytes wait no longer. */
  give(peer: P, bytes: number): void {
    const left = (this.#waiting.get(peer) ?? 0) - bytes;
    if (left > 0) this.#waiting.set(peer, left);
    else this.#waiting.delete(peer);
  }

  /** Bytes waiting from `peer` now. */
  waiting(peer: P): number {
    return this.#waiting.get(peer) ?? 0;
  }
}
