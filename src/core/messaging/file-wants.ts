/**
 * The receiver's side of resuming a file: it asks for the chunks it lacks, a window at a time,
 * so the sender never pushes more than the receiver has room to check and keep, and a reload or
 * a new channel on either side costs nothing but one new `want` (the held chunks are on disk).
 */

/** Chunks asked for at once (8 MiB of 256 KiB chunks). */
export const WANT_WINDOW = 32;
/**
 * Chunks asked for at once from one peer, over all its files (16 MiB): what a peer sends back
 * stays far below what may wait from it (src/core/mesh/inbound-budget.ts), however many files
 * come at once.
 */
export const PEER_WANT_WINDOW = 2 * WANT_WINDOW;

/**
 * The first `limit` chunk indices below `count` that are not in `held`, in order.
 *
 * @param held indices already kept, ascending
 */
export function missingChunks(count: number, held: readonly number[], limit: number): number[] {
  const out: number[] = [];
  let h = 0;
  for (let i = 0; i < count && out.length < limit; i++) {
    while (h < held.length && (held[h] ?? 0) < i) h++;
    if (held[h] === i) continue;
    out.push(i);
  }
  return out;
}

/** The chunks of one incoming file asked for and not yet arrived (forgotten on a new channel). */
export class WantWindow {
  readonly #asked = new Set<number>();

  /** A chunk arrived and was kept. */
  arrived(index: number): void {
    this.#asked.delete(index);
  }

  /** A chunk was refused or lost: it may be asked for again. */
  forget(index: number): void {
    this.#asked.delete(index);
  }

  /** A new channel: whatever was asked on the old one may never come. */
  reset(): void {
    this.#asked.clear();
  }

  /** Chunks asked for and still on their way. */
  get asked(): number {
    return this.#asked.size;
  }

  /** Time to ask for more: at most half a window is still on its way. */
  get low(): boolean {
    return this.#asked.size <= WANT_WINDOW / 2;
  }

  /**
   * From `missing` (in order), the ones not already asked for, up to a full window in flight and
   * at most `room` of them; they count as asked from now on.
   */
  next(missing: readonly number[], room = WANT_WINDOW): number[] {
    const out: number[] = [];
    for (const i of missing) {
      if (this.#asked.size >= WANT_WINDOW || out.length >= room) break;
      if (this.#asked.has(i)) continue;
      this.#asked.add(i);
      out.push(i);
    }
    return out;
  }
}
