/**
 * Whisper in this tab's speech-to-text worker: the installed speech model loaded once per
 * worker (a crashed or restarted worker's replacement loads it again), and transcription that
 * is tried once more in a replacement worker when the first one goes away under it. The
 * recording itself is safe in OPFS all along (src/platform/voice/pending-audio.ts).
 */
import { KianaError } from '@kiana/shared/errors';
import type { SttLanguage, SttProgress, Transcript } from '../core/api/stt.ts';
import type { ModelEntry } from '../core/models/manifest.ts';
import type { SttClient, SttWorker } from '../platform/stt-client.ts';
import type { ModelsState } from './models.svelte.ts';
import { WorkerModel } from './worker-model.ts';

const TASK = 'automatic-speech-recognition';

export class Speech {
  readonly #loader: WorkerModel<SttClient>;
  readonly #worker: SttWorker;

  constructor(worker: SttWorker, models: ModelsState) {
    this.#worker = worker;
    this.#loader = new WorkerModel(worker, models, {
      task: TASK,
      load: (client, model, build) =>
        client.call('stt.load', { model, build }, { timeoutMs: 120_000 }),
      missing: () => new KianaError('model-missing', 'no speech model is installed'),
    });
  }

  /** The installed speech model, or null. */
  get model(): ModelEntry | null {
    return this.#loader.model;
  }

  /** Loads the installed model in idle time, so the first recording does not wait for it. */
  warmUp(): void {
    this.#loader.warmUp();
  }

  /** True once the model is loaded into the current worker (tests look). */
  isLoaded(): Promise<boolean> {
    return this.#loader.isLoaded();
  }

  /** Transcribes; once more in a new worker if the first goes away (crash, restart). */
  async transcribe(
    audio: Float32Array,
    language: SttLanguage,
    onProgress: (progress: SttProgress) => void,
    signal?: AbortSignal,
  ): Promise<Transcript> {
    for (let attempt = 0; ; attempt++) {
      const client = await this.#loader.ready();
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
