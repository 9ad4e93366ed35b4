/**
 * Whisper with transformers.js: the automatic-speech-recognition pipeline on onnxruntime-web
 * (WASM), configured exactly as the embed worker's (offline, files from OPFS through the model
 * manager's cache, self-hosted runtime). One model at a time; `transcribe` runs the steps of
 * src/core/voice/transcribe.ts with the pipeline as its recogniser.
 */
import { pipeline, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import type { OrtBuild } from '../../src/core/api/embed.ts';
import type {
  SttLanguage,
  SttLoadInfo,
  SttProgress,
  SttTimings,
  Transcript,
} from '../../src/core/api/stt.ts';
import { KianaError } from '@kiana/shared/errors';
import { modelKey, type ModelEntry } from '../../src/core/models/manifest.ts';
import { transcribe } from '../../src/core/voice/transcribe.ts';
import { configure, loadError, NO_SPINNING } from '../embed/engine.ts';
import { meterWhisper } from './meter.ts';
import { whisperRecogniser } from './recognise.ts';

export class SttEngine {
  #pipe: AutomaticSpeechRecognitionPipeline | null = null;
  #timings: (() => SttTimings) | null = null;
  #loaded: { key: string; info: SttLoadInfo } | null = null;

  get loaded(): boolean {
    return this.#pipe !== null;
  }

  async load(model: ModelEntry, threads: number, build: OrtBuild): Promise<SttLoadInfo> {
    const key = modelKey(model);
    if (this.#loaded?.key === key && this.#pipe) return this.#loaded.info;
    const started = performance.now();
    await this.unload();
    await configure(model, threads, build);
    try {
      this.#pipe = await pipeline('automatic-speech-recognition', model.id, {
        revision: model.revision,
        dtype: model.dtype,
        device: 'wasm',
        session_options: NO_SPINNING,
      });
    } catch (error) {
      throw loadError(model, error);
    }
    this.#timings = meterWhisper(this.#pipe);
    const info: SttLoadInfo = {
      threads,
      crossOriginIsolated: self.crossOriginIsolated,
      loadMs: performance.now() - started,
    };
    this.#loaded = { key, info };
    return info;
  }

  async transcribe(
    audio: Float32Array,
    language: SttLanguage,
    maxNewTokens: number,
    signal: AbortSignal,
    onProgress: (progress: SttProgress) => void,
  ): Promise<Transcript> {
    const pipe = this.#pipe;
    if (!pipe) throw new KianaError('model-missing', 'no speech model loaded');
    this.#timings?.();
    const recognise = whisperRecogniser(pipe, language, signal);
    const transcript = await transcribe(
      audio,
      language,
      recognise,
      signal,
      onProgress,
      maxNewTokens,
    );
    return this.#timings ? { ...transcript, timings: this.#timings() } : transcript;
  }

  async unload(): Promise<void> {
    const pipe = this.#pipe;
    this.#pipe = null;
    this.#timings = null;
    this.#loaded = null;
    await pipe?.dispose();
  }
}
