/**
 * The instruct model in this tab's llm worker (Ask's in-browser engine): loaded once per
 * worker (a crashed or restarted worker's replacement loads it again) and in idle time after
 * start when installed, so the first question does not wait for the load.
 */
import { KianaError } from '@kiana/shared/errors';
import type { LlmAnswer, LlmProgress } from '../core/api/llm.ts';
import type { AskLang, AskSource, AskTurn } from '../core/ask/types.ts';
import { modelKey, type ModelEntry } from '../core/models/manifest.ts';
import { whenIdle } from '../platform/idle.ts';
import type { LlmClient, LlmWorker } from '../platform/llm-client.ts';
import type { ModelsState } from './models.svelte.ts';

const TASK = 'text-generation';

export interface LlmQuestion {
  readonly question: string;
  readonly sources: readonly AskSource[];
  readonly history: readonly AskTurn[];
  readonly lang: AskLang;
  readonly maxNewTokens: number;
}

export class Llm {
  #loaded: { key: string; generation: number; ready: Promise<LlmClient> } | null = null;
  /** The running answer's stop flag (shared memory; null without cross-origin isolation). */
  #flag: Int32Array | null = null;
  readonly #worker: LlmWorker;
  readonly #models: ModelsState;

  constructor(worker: LlmWorker, models: ModelsState) {
    this.#worker = worker;
    this.#models = models;
  }

  /** The installed language model, or null. */
  get model(): ModelEntry | null {
    return this.#models.readyFor(TASK);
  }

  /** Loads the installed model in idle time, so the first question does not wait for it. */
  warmUp(): void {
    if (this.model === null) return;
    whenIdle(() => void this.#ready().catch(() => undefined));
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

  #ready(): Promise<LlmClient> {
    const model = this.model;
    if (!model)
      return Promise.reject(new KianaError('llm-missing', 'no language model is installed'));
    const key = modelKey(model);
    const client = this.#worker.client();
    const generation = this.#worker.generation();
    if (this.#loaded?.key !== key || this.#loaded.generation !== generation) {
      const build = this.#models.runtime ?? 'plain';
      const ready = client
        .call('llm.load', { model, build }, { timeoutMs: 300_000 })
        .then(() => client);
      this.#loaded = { key, generation, ready };
      ready.catch(() => {
        if (this.#loaded?.ready === ready) this.#loaded = null;
      });
    }
    return this.#loaded.ready;
  }

  /** Answers in the worker; pieces stream to `onPiece`. `stop()` ends it as stopped. */
  async answer(
    question: LlmQuestion,
    onPiece: (progress: LlmProgress) => void,
  ): Promise<LlmAnswer> {
    const client = await this.#ready();
    const flag = globalThis.crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
    this.#flag = flag;
    return client.call(
      'llm.answer',
      { ...question, ...(flag ? { stop: flag } : {}) },
      { onProgress: (p) => onPiece(p as LlmProgress) },
    );
  }

  /** Stops the running answer after its current token. */
  async stop(): Promise<void> {
    if (this.#flag) Atomics.store(this.#flag, 0, 1);
    // Without shared memory the message is all there is (it arrives after the last token).
    if (this.#loaded) await this.#worker.client().call('llm.stop', undefined);
  }

  /** Ends the worker (a test's crash); the next use starts one. */
  restart(): void {
    this.#worker.restart();
  }
}
