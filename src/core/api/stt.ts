/**
 * The speech-to-text worker's contract: load a downloaded Whisper model, transcribe 16 kHz mono
 * audio in an explicit language (German or English, never guessed: Whisper's default would be
 * English), cancellable, with progress per 30 s chunk. Silence is skipped before the model runs
 * (src/core/voice/vad.ts) and known inventions are dropped after (hallucinations.ts).
 */
import { parseModelEntry, type ModelEntry } from '../models/manifest.ts';
import { check, fail, int, none, object, oneOf, optional } from './check.ts';
import { method } from './contract.ts';
import { ORT_BUILDS } from './embed.ts';

/** Languages a transcript may be asked in. */
export const STT_LANGUAGES = ['de', 'en'] as const;
export type SttLanguage = (typeof STT_LANGUAGES)[number];

/** Longest audio one call takes: one hour at 16 kHz. */
export const MAX_AUDIO_SAMPLES = 16_000 * 3600;

/** What `stt.load` reports. */
export interface SttLoadInfo {
  readonly threads: number;
  readonly crossOriginIsolated: boolean;
  readonly loadMs: number;
}

/** A stretch of the transcript with its time in the original audio, seconds. */
export interface TranscriptSegment {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Where a transcription's model time went (the bench reads it), ms. */
export interface SttTimings {
  /** Log-mel features (Whisper's feature extractor). */
  readonly featuresMs: number;
  readonly encoderMs: number;
  /** All decoding steps; one step per generated token (the first also reads the prompt). */
  readonly decoderMs: number;
  readonly decoderSteps: number;
}

/** The answer to `stt.transcribe`. */
export interface Transcript {
  /** The whole text, inventions removed; empty when nothing was said. */
  readonly text: string;
  readonly segments: readonly TranscriptSegment[];
  readonly language: SttLanguage;
  readonly audioSeconds: number;
  /** Seconds the voice-activity detection found speech in (all the model heard). */
  readonly speechSeconds: number;
  /** Sentences dropped as known Whisper inventions. */
  readonly dropped: readonly string[];
  /** Set by the worker (not by the model-free steps). */
  readonly timings?: SttTimings;
}

/** Progress of `stt.transcribe`: chunks done of all, and the text so far. */
export interface SttProgress {
  readonly done: number;
  readonly total: number;
  readonly text: string;
}

const modelEntry = check<ModelEntry>((v, at) => {
  const model = parseModelEntry(v);
  return model.task === 'automatic-speech-recognition' ? model : fail(at, 'must be a speech model');
});

const audio = check<Float32Array>((v, at) => {
  if (!(v instanceof Float32Array)) return fail(at, 'must be a Float32Array');
  if (v.length > MAX_AUDIO_SAMPLES) return fail(at, `exceeds ${MAX_AUDIO_SAMPLES} samples`);
  return v;
});

export const sttContract = {
  /** Loads a Whisper model whose files the model manager stored; idempotent per model key. */
  'stt.load': method(
    object({
      model: modelEntry,
      threads: optional(int(1, 16)),
      /** The onnxruntime-web build the model manager stored (it came with the first model). */
      build: optional(oneOf(ORT_BUILDS), 'plain'),
    }),
  ).returns<SttLoadInfo>(),
  /** Transcribes 16 kHz mono audio; progress values are `SttProgress`. */
  'stt.transcribe': method(
    object({
      audio,
      language: oneOf(STT_LANGUAGES),
      /** Tokens per 30 s chunk at most (random test weights never stop by themselves). */
      maxNewTokens: optional(int(1, 440), 440),
    }),
  ).returns<Transcript>(),
  'stt.unload': method(none).returnsNothing(),
};
export type SttContract = typeof sttContract;
