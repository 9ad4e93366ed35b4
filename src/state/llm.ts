/**
 * The instruct model in this tab's llm worker (Ask's in-browser engine): loaded once per
 * worker (a crashed or restarted worker's replacement loads it again) and in idle time after
 * start when installed, so the first question does not wait for the load.
 */
import { KianaError } from '@kiana/shared/errors';
import type { LlmAnswer, LlmProgress } from '../core/api/llm.ts';
import type { AskLang, AskSource, AskTurn } from '../core/ask/types.ts';
import type { ModelEntry } from '../core/models/manifest.ts';
import type { LlmClient, LlmWorker } from '../platform/llm-client.ts';
import type { ModelsState } from './models.svelte.ts';
import { WorkerModel } from './worker-model.ts';

const TASK = 'text-generation';

export interface LlmQuestion {
  readonly question: string;
  readonly sources: readonly AskSource[];
  readonly history: readonly AskTurn[];
  readonly lang: AskLang;
  readonly maxNewTokens: number;
}

export class Llm {
  readonly #loader: WorkerModel<LlmClient>;
  /** The running answer's stop flag (shared memory; null without cross-origin isolation). */
  #flag: Int32Array | null = null;
  readonly #worker: LlmWorker;

  constructor(worker: LlmWorker, models: ModelsState) {
    this.#worker = worker;
    this.#loader = new WorkerModel(worker, models, {
      task: TASK,
      load: (client, model, build) =>
        client.call('llm.load', { model, build }, { timeoutMs: 300_000 }),
      missing: () => new KianaError('llm-missing', 'no language model is installed'),
    });
  }

  /** The installed language model, or null. */
  get model(): ModelEntry | null {
    return this.#loader.model;
  }

  /** Loads the installed model in idle time, so the first question does not wait for it. */
  warmUp(): void {
    this.#loader.warmUp();
  }

  /** True once the model is loaded into the current worker (tests look). */
  isLoaded(): Promise<boolean> {
    return this.#loader.isLoaded();
  }

  /** Answers in the worker; pieces stream to `onPiece`. `stop()` ends it as stopped. */
  async answer(
    question: LlmQuestion,
    onPiece: (progress: LlmProgress) => void,
  ): Promise<LlmAnswer> {
    const client = await this.#loader.ready();
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
    if (this.#loader.started) await this.#worker.client().call('llm.stop', undefined);
  }

  /** Ends the worker (a test's crash); the next use starts one. */
  restart(): void {
    this.#worker.restart();
  }
}
