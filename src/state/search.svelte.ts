/**
 * Search as you type: the query waits for a short pause, a newer query cancels the call still
 * running for an older one (so results never arrive out of order), and results refresh when
 * memories change in any tab. With a downloaded model the query is also embedded and the store
 * fuses words and meaning; without one (or if embedding fails) it is keyword search.
 */
import type { HybridHit } from '../core/embedding/types.ts';
import { onMemoriesChanged } from './memories.svelte.ts';
import type { ModelsState } from './models.svelte.ts';
import type { StoreRef } from './store-ref.ts';

/** Pause after the last keystroke before searching; short enough to feel immediate. */
export const DEBOUNCE_MS = 150;
/** Hits per search: more than a screen, far fewer than anyone reads. */
export const SEARCH_LIMIT = 50;

export type SearchStatus = 'idle' | 'searching' | 'done' | 'error';

export class MemorySearch {
  query = $state('');
  status = $state<SearchStatus>('idle');
  hits = $state.raw<readonly HybridHit[]>([]);
  /** Whether the shown hits include search by meaning. */
  semantic = $state(false);
  /** The query the shown hits belong to (the box may already hold a newer one). */
  shown = $state('');
  error = $state<unknown>(null);

  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: AbortController | null = null;
  #listening = false;
  readonly #store: StoreRef;
  readonly #models: ModelsState;

  constructor(store: StoreRef, models: ModelsState) {
    this.#store = store;
    this.#models = models;
  }

  /** Takes what the person typed and searches after a pause. */
  input(query: string): void {
    this.query = query;
    if (!this.#listening) {
      onMemoriesChanged(this.#store, () => {
        if (this.query.trim() !== '') void this.run();
      });
    }
    this.#listening = true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.run(), DEBOUNCE_MS);
  }

  /** The query's embedding, or null: no model, or the model failed (keyword search goes on). */
  async #embed(query: string, signal: AbortSignal) {
    if (!this.#models.active) return null;
    try {
      return await this.#models.embed([query], signal);
    } catch (error) {
      if (signal.aborted) return null;
      console.warn('[search] query embedding failed; keyword search only', error);
      return null;
    }
  }

  /** Searches for the current query now. */
  async run(): Promise<void> {
    clearTimeout(this.#timer);
    this.#running?.abort();
    const query = this.query;
    if (query.trim() === '') {
      this.#running = null;
      this.status = 'idle';
      this.hits = [];
      this.shown = '';
      return;
    }
    const controller = new AbortController();
    this.#running = controller;
    this.status = 'searching';
    try {
      // A newer query aborts this one; the store call below then rejects with `cancelled`.
      const embedded = await this.#embed(query, controller.signal);
      const result = await this.#store().call(
        'memories.hybridSearch',
        {
          query,
          limit: SEARCH_LIMIT,
          vector: embedded ? embedded.vectors : null,
          model: embedded ? embedded.model : null,
        },
        { signal: controller.signal, timeoutMs: 20_000 },
      );
      if (controller.signal.aborted) return;
      this.hits = result.hits;
      this.semantic = result.semantic;
      this.shown = query;
      this.error = null;
      this.status = 'done';
    } catch (error) {
      if (controller.signal.aborted) return;
      this.error = error;
      this.status = 'error';
    }
  }
}
