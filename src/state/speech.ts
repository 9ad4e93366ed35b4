/**
 * Whisper in this tab's speech-to-text worker: the installed speech model loaded once per
 * worker (a crashed or restarted worker's replacement loads it again), and transcription that
 * is tried once more in a replacement worker when the first one goes away under it. The
 * recording itself is safe in OPFS all along (src/platform/voice/pending-audio.ts).
 */
import { KianaError } from '@kiana/shared/errors';
import type { SttLanguage, SttProgress, Transcript } from '../core/api/stt.ts';
import { modelKey, type ModelEntry } from '../core/models/manifest.ts';
import { whenIdle } from '../platform/idle.ts';
import type { SttClient, SttWorker } from '../platform/stt-client.ts';
import type { ModelsState } from './models.svelte.ts';

const TASK = 'automatic-speech-recognition';

export class Speech {
  #loaded: { key: string; generation: number; ready: Promise<SttClient> } | null = null;
  readonly #worker: SttWorker;
  readonly #models: ModelsState;

  constructor(worker: SttWorker, models: ModelsState) {
    this.#worker = worker;
    this.#models = models;
  }

  /** The installed speech model, or null. */
  get model(): ModelEntry | null {
    return this.#models.readyFor(TASK);
  }

  /** Loads the installed model in idle time, so the first recording does not wait for it. */
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

  #ready(): Promise<SttClient> {
    const model = this.model;
    if (!model)
      return Promise.reject(new KianaError('model-missing', 'no speech model is installed'));
    const key = modelKey(model);
    const client = this.#worker.client();
    const generation = this.#worker.generation();
    if (this.#loaded?.key !== key || this.#loaded.generation !== generation) {
      const build = this.#models.runtime ?? 'plain';
      const ready = client
        .call('stt.load', { model, build }, { timeoutMs: 120_000 })
        .then(() => client);
      this.#loaded = { key, generation, ready };
      ready.catch(() => {
        if (this.#loaded?.ready === ready) this.#loaded = null;
      });
    }
    return this.#loaded.ready;
  }

  /** Transcribes; once more in a new worker if the first goes away (crash, restart). */
  async transcribe(
    audio: Float32Array,
    language: SttLanguage,
    onProgress: (progress: SttProgress) => void,
    signal?: AbortSignal,
  ): Promise<Transcript> {
    for (let attempt = 0; ; attempt++) {
      const client = await this.#ready();
      try {
        return await client.call(
          'stt.transcribe',
          { audio, language },
          { onProgress: (p) => onProgress(p as SttProgress), ...(signal ? { signal } : {}) },
        );
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        const gone = code === 'worker-crashed' || code === 'cancelled';
        if (attempt > 0 || signal?.aborted === true || !gone) throw error;
      }
    }
  }

  /** This tab's worker client, for the bench (`npm run bench voice`) through the test hooks. */
  client(): SttClient {
    return this.#worker.client();
  }

  /** Ends the worker (a test's crash, or a change of thread count); the next use starts one. */
  restart(): void {
    this.#worker.restart();
  }
}
