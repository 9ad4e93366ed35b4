/**
 * Every memory gets an embedding: one tab per browser (the holder of the `kiana-embedder` Web
 * Lock) embeds memories that have no vector of the active model yet — new ones right after
 * they are saved, older ones and all of them again after a model change — in batches, newest
 * first. Progress is shown in Settings; the person can pause and resume.
 */
import { BackfillLoop } from '../core/embedding/backfill-loop.ts';
import { modelKey } from '../core/models/manifest.ts';
import type { ModelsState } from './models.svelte.ts';
import type { StoreRef } from './store-ref.ts';

const LOCK = 'kiana-embedder';

export class Backfill {
  embedded = $state(0);
  total = $state(0);
  /** The key of the model the figures are for. */
  model = $state<string | null>(null);
  paused = $state(false);
  /** True while this tab embeds (it holds the lock and has work). */
  working = $state(false);
  error = $state<unknown>(null);
  /** Vectors the store still places in a faster index (a large collection); 0 when none. */
  indexing = $state(0);

  readonly #store: StoreRef;
  readonly #models: ModelsState;
  readonly #loop: BackfillLoop;
  #started = false;
  /** This tab holds the lock: its loop is the one that embeds new memories. */
  #holding = false;
  #prepared: string | null = null;
  #indexingTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(store: StoreRef, models: ModelsState) {
    this.#store = store;
    this.#models = models;
    this.#loop = this.#createLoop();
  }

  #createLoop(): BackfillLoop {
    const models = this.#models;
    const store = this.#store;
    return new BackfillLoop({
      model: () => {
        const model = models.active;
        return model === null || this.paused ? null : modelKey(model);
      },
      pending: (model, limit) => store().call('vectors.pending', { model, limit }),
      embed: (texts) => models.embed(texts),
      put: async (model, dim, items) => {
        await store().call('vectors.put', { model, dim, items });
      },
      refresh: () => this.refresh(),
      state: ({ working, error }) => {
        this.working = working;
        this.error = error;
      },
    });
  }

  /** Starts the loop in this tab once it holds the lock; other tabs only show coverage. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    const poke = () => {
      this.#loop.notify();
      // Stale figures until the next change are all a failed read costs (even a read can meet
      // a full disk: SQLite's temporary files live in OPFS); it must not escape as a page error.
      this.refresh().catch((error: unknown) => {
        console.warn('[backfill] could not read the coverage', error);
      });
    };
    this.#models.onChange(poke);
    this.#store().on('memories.changed', poke);
    void navigator.locks.request(LOCK, () => {
      this.#holding = true;
      return this.#loop.run();
    });
  }

  /**
   * Capture's draft, to embed ahead: only where it will be used, in the tab whose loop embeds
   * new memories, not paused, with nothing else waiting (the loop serves a lone new memory from
   * what was embedded ahead, not a batch). `near`: Save is near or pressed; a mere pause in
   * typing offers only on a device that embeds quickly.
   */
  offerDraft(text: string, near: boolean): void {
    if (!this.#holding || this.paused || this.working) return;
    this.#models.offer('capture', text, { onlyIfQuick: !near });
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.#loop.notify();
  }

  /** While an index conversion runs, reads the coverage again now and then to show it end. */
  #watchIndexing(): void {
    if (this.indexing === 0 || this.#indexingTimer !== null) return;
    this.#indexingTimer = setTimeout(() => {
      this.#indexingTimer = null;
      this.refresh().catch((error: unknown) => {
        console.warn('[backfill] could not read the coverage', error);
        this.#watchIndexing(); // ask again rather than show a stale count until the next change
      });
    }, INDEXING_POLL_MS);
  }

  /** Reads the coverage of the active model. */
  async refresh(): Promise<void> {
    const model = this.#models.active;
    if (!model) {
      this.model = null;
      return;
    }
    const key = modelKey(model);
    const c = await this.#store().call('vectors.coverage', { model: key });
    // Another model became active while the call ran: these figures are not its.
    if ((activeKey(this.#models) ?? key) !== key) return;
    this.model = key;
    this.embedded = c.embedded;
    this.total = c.total;
    this.indexing = c.indexing;
    this.#watchIndexing();
    // Load the saved index now rather than at the first search (once per model in this tab).
    if (c.embedded > 0 && this.#prepared !== key) {
      this.#prepared = key;
      this.#store()
        .call('vectors.prepare', { model: key, dim: model.dims })
        // A loaded index may start converting (a collection past the exact limit): show it.
        .then(() => this.refresh())
        .catch((error: unknown) => {
          console.warn('[backfill] could not prepare the vector index', error);
          if (this.#prepared === key) this.#prepared = null;
        });
    }
  }
}

/** Milliseconds between coverage reads while the store converts an index: it says no event. */
const INDEXING_POLL_MS = 2000;

/** The active model's key; a function, so TypeScript does not narrow it across an await. */
function activeKey(models: ModelsState): string | null {
  return models.active ? modelKey(models.active) : null;
}
