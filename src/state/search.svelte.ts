/**
 * Search as you type: the query waits for a short pause, a newer query cancels the call still
 * running for an older one (so results never arrive out of order), and results refresh when
 * memories change in any tab.
 */
import type { SearchHit } from '../core/memory/types.ts';
import { getStore } from '../platform/store-client.ts';
import { onMemoriesChanged } from './memories.svelte.ts';

/** Pause after the last keystroke before searching; short enough to feel immediate. */
export const DEBOUNCE_MS = 150;
/** Hits per search: more than a screen, far fewer than anyone reads. */
export const SEARCH_LIMIT = 50;

export type SearchStatus = 'idle' | 'searching' | 'done' | 'error';

export class MemorySearch {
  query = $state('');
  status = $state<SearchStatus>('idle');
  hits = $state.raw<readonly SearchHit[]>([]);
  /** The query the shown hits belong to (the box may already hold a newer one). */
  shown = $state('');
  error = $state<unknown>(null);

  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: AbortController | null = null;
  #listening = false;

  /** Takes what the person typed and searches after a pause. */
  input(query: string): void {
    this.query = query;
    if (!this.#listening) {
      onMemoriesChanged(() => {
        if (this.query.trim() !== '') void this.run();
      });
    }
    this.#listening = true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.run(), DEBOUNCE_MS);
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
      const result = await getStore().call(
        'memories.search',
        { query, limit: SEARCH_LIMIT },
        { signal: controller.signal, timeoutMs: 20_000 },
      );
      if (controller.signal.aborted) return;
      this.hits = result.hits;
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

export const memorySearch = new MemorySearch();
