/**
 * Every memory gets an embedding: one tab per browser (the holder of the `kiana-embedder` Web
 * Lock) embeds memories that have no vector of the active model yet — new ones right after
 * they are saved, older ones and all of them again after a model change — in batches, newest
 * first. Progress is shown in Settings; the person can pause and resume.
 */
import { modelKey } from '../core/models/manifest.ts';
import { getStore } from '../platform/store-client.ts';
import { models } from './models.svelte.ts';

/** Memories per round: one embed call and one store transaction. */
export const BACKFILL_BATCH = 32;
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

  #wake: (() => void) | null = null;
  #started = false;
  #prepared: string | null = null;

  /** Starts the loop in this tab once it holds the lock; other tabs only show coverage. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    const poke = () => {
      this.#wake?.();
      void this.refresh();
    };
    models.onChange(poke);
    getStore().on('memories.changed', poke);
    void navigator.locks.request(LOCK, () => this.#loop());
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.#wake?.();
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

  #sleep(): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = () => {
        this.#wake = null;
        resolve();
      };
    });
  }

  async #loop(): Promise<never> {
    for (;;) {
      const model = models.active;
      if (!model || this.paused) {
        this.working = false;
        await this.#sleep();
        continue;
      }
      try {
        await this.#round(modelKey(model));
      } catch (error) {
        this.error = error;
        this.working = false;
        // Wait for a change (a new model, new memories, Resume) before trying again.
        await this.#sleep();
      }
    }
  }

  /** Embeds one batch, or sleeps when nothing is pending. */
  async #round(key: string): Promise<void> {
    const store = getStore();
    const pending = await store.call('vectors.pending', { model: key, limit: BACKFILL_BATCH });
    if (pending.length === 0) {
      this.working = false;
      await this.refresh();
      await this.#sleep();
      return;
    }
    this.working = true;
    const result = await models.embed(pending.map((p) => p.text));
    if (!result || result.model !== key) return; // the model changed meanwhile
    const items = pending.map((p, i) => ({
      ...p,
      vector: result.vectors.slice(i * result.dims, (i + 1) * result.dims),
    }));
    await store.call('vectors.put', { model: key, dim: result.dims, items });
    this.error = null;
    await this.refresh();
  }
}

export const backfill = new Backfill();
