/**
 * The installed model of one task loaded into a worker: once per worker (a crashed or restarted
 * worker's replacement loads it again), and in idle time after start, so the first use does not
 * wait for the load. Speech (Whisper) and Ask's instruct model share it.
 */
import type { KianaError } from '@kiana/shared/errors';
import type { OrtBuild } from '../core/api/embed.ts';
import { modelKey, type ModelEntry, type ModelTask } from '../core/models/manifest.ts';
import { whenIdle } from '../platform/idle.ts';
import type { ModelsState } from './models.svelte.ts';

interface Worker<C> {
  client(): C;
  generation(): number;
}

export interface WorkerModelOptions<C> {
  /** The manifest task whose installed model this loads. */
  readonly task: ModelTask;
  /** Loads `model` into the worker behind `client`. */
  readonly load: (client: C, model: ModelEntry, build: OrtBuild) => Promise<unknown>;
  /** The error when no model of the task is installed. */
  readonly missing: () => KianaError;
}

export class WorkerModel<C> {
  #loaded: { key: string; generation: number; ready: Promise<C> } | null = null;
  readonly #worker: Worker<C>;
  readonly #models: ModelsState;
  readonly #options: WorkerModelOptions<C>;

  constructor(worker: Worker<C>, models: ModelsState, options: WorkerModelOptions<C>) {
    this.#worker = worker;
    this.#models = models;
    this.#options = options;
  }

  /** The installed model of the task, or null. */
  get model(): ModelEntry | null {
    return this.#models.readyFor(this.#options.task);
  }

  /** Whether a load was started (it may still run or have gone with its worker). */
  get started(): boolean {
    return this.#loaded !== null;
  }

  /** Loads the installed model in idle time. */
  warmUp(): void {
    if (this.model === null) return;
    whenIdle(() => void this.ready().catch(() => undefined));
  }

  /** True once the model is loaded into the current worker (tests look). */
  async isLoaded(): Promise<boolean> {
    const loaded = this.#loaded;
    if (!loaded || loaded.generation !== this.#worker.generation()) return false;
    return loaded.ready.then(
      () => true,
      () => false,
    );
  }

  /** The worker's client once the installed model is loaded in it. */
  ready(): Promise<C> {
    const model = this.model;
    if (!model) return Promise.reject(this.#options.missing());
    const key = modelKey(model);
    const client = this.#worker.client();
    const generation = this.#worker.generation();
    if (this.#loaded?.key !== key || this.#loaded.generation !== generation) {
      const build = this.#models.runtime ?? 'plain';
      const ready = this.#options.load(client, model, build).then(() => client);
      this.#loaded = { key, generation, ready };
      ready.catch(() => {
        if (this.#loaded?.ready === ready) this.#loaded = null;
      });
    }
    return this.#loaded.ready;
  }
}
