/**
 * Every memory gets an embedding: one tab per browser (the holder of the `kiana-embedder` Web
 * Lock) embeds memories that have no vector of the active model yet — new ones right after
 * they are saved, older ones and all of them again after a model change — in batches, newest
 * first. Progress is shown in Settings; the person can pause and resume.
 */
import { BackfillLoop } from '../core/embedding/backfill-loop.ts';
import { modelKey } from '../core/models/manifest.ts';
import { getStore } from '../platform/store-client.ts';
import { models } from './models.svelte.ts';

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

  readonly #loop = new BackfillLoop({
    model: () => {
      const model = models.active;
      return model === null || this.paused ? null : modelKey(model);
    },
    pending: (model, limit) => getStore().call('vectors.pending', { model, limit }),
    embed: (texts) => models.embed(texts),
    put: async (model, dim, items) => {
      await getStore().call('vectors.put', { model, dim, items });
    },
    refresh: () => this.refresh(),
    state: ({ working, error }) => {
      this.working = working;
      this.error = error;
    },
  });
  #started = false;
  #prepared: string | null = null;

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
    models.onChange(poke);
    getStore().on('memories.changed', poke);
    void navigator.locks.request(LOCK, () => this.#loop.run());
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.#loop.notify();
  }
  /** Reads the coverage of the active model. */
  async refresh(): Promise<void> {
    const model = models.active;
    if (!model) {
      this.model = null;
      return;
    }
    const key = modelKey(model);
    const c = await getStore().call('vectors.coverage', { model: key });
    if (modelKey(models.active ?? model) !== key) return;
    this.model = key;
    this.embedded = c.embedded;
    this.total = c.total;
    // Load the saved index now rather than at the first search (once per model in this tab).
    if (c.embedded > 0 && this.#prepared !== key) {
      this.#prepared = key;
      getStore()
        .call('vectors.prepare', { model: key, dim: model.dims })
        .catch((error: unknown) => {
          console.warn('[backfill] could not prepare the vector index', error);
          if (this.#prepared === key) this.#prepared = null;
        });
    }
  }
}

export const backfill = new Backfill();
