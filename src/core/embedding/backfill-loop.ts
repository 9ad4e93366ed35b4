/**
 * The loop that gives every memory a vector of the active model, free of the browser: it asks
 * the store for memories without one, embeds a batch, stores the vectors, and sleeps until a
 * change is announced. Two rules keep a memory from being left behind:
 * - a change announced while a round runs is remembered ({@link Wakeup}), so the loop looks
 *   again instead of sleeping past it;
 * - a failed round (the embed worker crashed or was replaced mid-batch, the store moved to
 *   another tab) is tried again after a growing pause even if nothing else changes.
 */
import type { PendingText, VectorItem } from './types.ts';
import { Wakeup } from '../wakeup.ts';

/** Memories per round: one embed call and one store transaction. */
export const BACKFILL_BATCH = 32;
/** First pause after a failed round; it doubles up to {@link RETRY_MAX_MS}. */
export const RETRY_FIRST_MS = 500;
export const RETRY_MAX_MS = 60_000;

export interface Embedded {
  readonly vectors: Float32Array;
  readonly dims: number;
  /** Key of the model that made the vectors. */
  readonly model: string;
}

/** What the loop needs from the store and the embedder. */
export interface BackfillDeps {
  /** The key of the model to embed with, or null when there is none or the work is paused. */
  readonly model: () => string | null;
  readonly pending: (model: string, limit: number) => Promise<readonly PendingText[]>;
  /** Embeds with the active model; null when there is none (any more). */
  readonly embed: (texts: string[]) => Promise<Embedded | null>;
  readonly put: (model: string, dims: number, items: VectorItem[]) => Promise<void>;
  /** Reads the coverage to show: after every stored batch and when nothing is left to do. */
  readonly refresh: () => Promise<void>;
  readonly state: (state: { working: boolean; error: unknown }) => void;
}

export class BackfillLoop {
  readonly #deps: BackfillDeps;
  readonly #wakeup = new Wakeup();
  #retryMs = RETRY_FIRST_MS;

  constructor(deps: BackfillDeps) {
    this.#deps = deps;
  }

  /** Something changed (memories, the model, pause/resume): look again. */
  notify(): void {
    this.#wakeup.notify();
  }

  /** Runs until the page goes; call it once. */
  async run(): Promise<never> {
    for (;;) await this.#step();
  }

  /** One round, then the wait it calls for. */
  async #step(): Promise<void> {
    // Forget announcements made before this round reads the store: it sees their changes.
    this.#wakeup.clear();
    const model = this.#deps.model();
    if (model === null) {
      this.#deps.state({ working: false, error: null });
      return this.#wakeup.wait();
    }
    let more: boolean;
    try {
      more = await this.#round(model);
      if (!more) await this.#deps.refresh();
      this.#retryMs = RETRY_FIRST_MS;
    } catch (error) {
      this.#deps.state({ working: false, error });
      const pause = this.#retryMs;
      this.#retryMs = Math.min(RETRY_MAX_MS, this.#retryMs * 2);
      return this.#wakeup.wait(pause);
    }
    if (!more) {
      this.#deps.state({ working: false, error: null });
      await this.#wakeup.wait();
    }
  }

  /** Embeds one batch; false when nothing was pending. */
  async #round(model: string): Promise<boolean> {
    const pending = await this.#deps.pending(model, BACKFILL_BATCH);
    if (pending.length === 0) return false;
    this.#deps.state({ working: true, error: null });
    const result = await this.#deps.embed(pending.map((p) => p.text));
    if (!result || result.model !== model) return true; // the model changed meanwhile: look again
    const items = pending.map((p, i) => ({
      ...p,
      vector: result.vectors.slice(i * result.dims, (i + 1) * result.dims),
    }));
    await this.#deps.put(model, result.dims, items);
    await this.#deps.refresh();
    return true;
  }
}
