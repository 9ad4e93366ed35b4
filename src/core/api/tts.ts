/**
 * The tts worker's contract: load a downloaded Piper voice, turn a text into sentences of
 * phonemes (espeak-ng in WASM), synthesize one sentence at a time (so the first plays while the
 * next is made), unload. Audio comes back as one transferred Float32Array of mono samples.
 */
import { parseVoiceEntry, type VoiceEntry } from '../models/voices.ts';
import { check, fail, int, none, object, optional, string } from './check.ts';
import { method } from './contract.ts';

/** Longest text one `tts.phonemize` takes (a long memory); longer text is cut. */
export const MAX_SPEECH_CHARS = 20_000;
/** Longest sentence of phonemes one `tts.synthesize` takes (about half a minute of speech). */
export const MAX_SENTENCE_PHONEMES = 2_000;
/** Speaking rate: 0.5 (half as fast) to 2 (twice as fast). */
export const SPEED_RANGE = [0.5, 2] as const;

export interface VoiceInfo {
  /** `voiceKey` of the loaded voice. */
  readonly voice: string;
  readonly sampleRate: number;
  readonly threads: number;
  readonly loadMs: number;
}

export interface Sentences {
  /** Phonemes of each sentence, with its punctuation, in order. */
  readonly sentences: readonly string[];
  readonly ms: number;
}

export interface SpeechAudio {
  readonly samples: Float32Array;
  readonly sampleRate: number;
  /** Phonemes the voice had no id for (skipped). */
  readonly missing: number;
  readonly ms: number;
}

const voiceEntry = check<VoiceEntry>((v) => parseVoiceEntry(v));
const text = check<string>((v, at) =>
  typeof v === 'string' ? v.slice(0, MAX_SPEECH_CHARS) : fail(at, 'must be a string'),
);
const speed = check<number>((v, at) =>
  typeof v === 'number' && v >= SPEED_RANGE[0] && v <= SPEED_RANGE[1]
    ? v
    : fail(at, `must be a number in ${SPEED_RANGE[0]}..${SPEED_RANGE[1]}`),
);

export const ttsContract = {
  /** Loads a voice whose files the model manager stored; idempotent per voice. */
  'tts.load': method(
    object({ voice: voiceEntry, threads: optional(int(1, 16)) }),
  ).returns<VoiceInfo>(),
  'tts.phonemize': method(object({ text })).returns<Sentences>(),
  'tts.synthesize': method(
    object({ phonemes: string({ max: MAX_SENTENCE_PHONEMES }), speed: optional(speed, 1) }),
  ).returns<SpeechAudio>(),
  'tts.unload': method(none).returnsNothing(),
};
export type TtsContract = typeof ttsContract;
