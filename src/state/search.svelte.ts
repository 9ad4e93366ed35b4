/**
 * Search as you type: the query waits for a short pause, a newer query cancels the call still
 * running for an older one (so results never arrive out of order), and results refresh when
 * memories change in any tab. With a downloaded model the query is also embedded (from the
 * keystroke on, so the pause hides it) and the store fuses words and meaning; without one (or if
 * embedding fails) it is keyword search. Results come in pages: `total` says how many there are,
 * `loadMore` appends the next page.
 */
import type { HybridHit } from '../core/embedding/types.ts';
import { MAX_SEARCH_LIMIT } from '../core/memory/validate.ts';
import { modelKey } from '../core/models/manifest.ts';
import { onMemoriesChanged } from './memories.svelte.ts';
import type { ModelsState } from './models.svelte.ts';
import { DEBOUNCE_MS, sendSearch, type Asked } from './search-send.ts';
import type { StoreRef } from './store-ref.ts';

/** Hits per search: more than a screen, far fewer than anyone reads. */
export const SEARCH_LIMIT = 50;

export type SearchStatus = 'idle' | 'searching' | 'done' | 'error';

export class MemorySearch {
  query = $state('');
  status = $state<SearchStatus>('idle');
  hits = $state.raw<readonly HybridHit[]>([]);
  /** All hits of the shown query, loaded or not. */
  total = $state(0);
  /** A further page is being loaded. */
  loadingMore = $state(false);
  /** Whether the shown hits include search by meaning. */
  semantic = $state(false);
  /** The query the shown hits belong to (the box may already hold a newer one). */
  shown = $state('');
  error = $state<unknown>(null);

  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: AbortController | null = null;
  #paging: AbortController | null = null;
  /** The embedded query the shown hits came from, so further pages need no second embedding. */
  #asked: Asked | null = null;
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
      // Reload as many hits as are shown, so a change does not scroll the person back to the top.
      onMemoriesChanged(this.#store, () => {
        if (this.query.trim() !== '') void this.run(this.hits.length);
      });
    }
    this.#listening = true;
    // Embedding starts now, inside the pause below, so the vector is ready when the search is
    // sent: on a device that embeds a query well within the pause (else it starts at the send).
    this.#models.offer('search', query, { onlyIfQuick: true });
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.run(), DEBOUNCE_MS);
  }

  /**
   * The query's embedding, or null: no model, or the model failed (keyword search goes on). A
   * refresh after a change asks for the shown query again: its vector is still the one shown.
   */
  async #embed(query: string, signal: AbortSignal) {
    const active = this.#models.active;
    if (!active) return null;
    const shown = this.#asked;
    if (shown?.query === query && shown.vector && shown.model === modelKey(active)) {
      return { vectors: shown.vector, model: shown.model };
    }
    try {
      return await this.#models.embed([query], signal);
    } catch (error) {
      if (signal.aborted) return null;
      console.warn('[search] query embedding failed; keyword search only', error);
      return null;
    }
  }

  /** Whether more hits exist than are loaded. */
  get hasMore(): boolean {
    return this.status === 'done' && this.hits.length < this.total;
  }

  /** Searches for the current query now, the first `keep` hits at least (a refresh). */
  async run(keep = 0): Promise<void> {
    clearTimeout(this.#timer);
    this.#running?.abort();
    this.#paging?.abort();
    this.loadingMore = false;
    const query = this.query;
    if (query.trim() === '') {
      this.#running = null;
      this.status = 'idle';
      this.hits = [];
      this.total = 0;
      this.shown = '';
      return;
    }
    const controller = new AbortController();
    this.#running = controller;
    this.status = 'searching';
    try {
      // A newer query aborts this one; the store calls then reject with `cancelled`.
      const limit = Math.min(MAX_SEARCH_LIMIT, Math.max(SEARCH_LIMIT, keep));
      const { asked, result } = await sendSearch(
        {
          store: this.#store(),
          embeds: this.#models.active !== null,
          embed: (q, signal) => this.#embed(q, signal),
        },
        query,
        limit,
        controller.signal,
      );
      if (controller.signal.aborted) return;
      this.#asked = asked;
      this.hits = result.hits;
      this.total = result.total;
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

  /** Appends the next page of the shown query; a new query cancels it. */
  async loadMore(): Promise<void> {
    const asked = this.#asked;
    if (!this.hasMore || this.loadingMore || asked === null) return;
    const controller = new AbortController();
    this.#paging = controller;
    this.loadingMore = true;
    try {
      const result = await this.#store().call(
        'memories.hybridSearch',
        { ...asked, limit: SEARCH_LIMIT, offset: this.hits.length },
        { signal: controller.signal, timeoutMs: 20_000 },
      );
      if (controller.signal.aborted) return;
      // Pages of a fused ranking can overlap at their edges (a hit found deeper by words and
      // earlier by meaning): keep the first.
      // A plain Set: it lives for this call only, nothing reactive reads it.
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      const seen = new Set(this.hits.map((h) => h.memory.id));
      this.hits = [...this.hits, ...result.hits.filter((h) => !seen.has(h.memory.id))];
      // Nothing new although more were promised (memories deleted meanwhile): stop asking.
      this.total = result.hits.length === 0 ? this.hits.length : result.total;
    } catch (error) {
      if (controller.signal.aborted) return;
      this.error = error;
    } finally {
      if (this.#paging === controller) {
        this.#paging = null;
        this.loadingMore = false;
      }
    }
  }
}
