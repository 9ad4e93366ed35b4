/**
 * The steps of a transcription around the model, free of it: find speech (VAD), cut it into
 * Whisper-sized chunks, hand each to `recognise`, map its timestamps back to the original
 * audio, drop known inventions and join the chunks (overlaps kept once). The worker passes
 * transformers.js as `recognise`; unit tests pass a plain function.
 */
import { KianaError } from '@kiana/shared/errors';
import type { SttLanguage, SttProgress, Transcript, TranscriptSegment } from '../api/stt.ts';
import { mergeOverlap, planChunks } from './chunks.ts';
import { dropHallucinations } from './hallucinations.ts';
import { SAMPLE_RATE } from './resample.ts';
import { detectSpeech } from './vad.ts';

/** What the model says about one chunk: its text and timed pieces, seconds from the chunk start. */
export interface Recognised {
  readonly text: string;
  readonly pieces: readonly {
    readonly start: number;
    readonly end: number | null;
    readonly text: string;
  }[];
}

export type Recognise = (audio: Float32Array, maxNewTokens: number) => Promise<Recognised>;

/**
 * Tokens a chunk may produce: speech runs at about 3–4 tokens per second, so 8 per second plus
 * room for timestamps is generous, yet it stops Whisper's known repetition loops (and random
 * test weights, which never emit end-of-text) long before the 448-token limit.
 */
export function tokenBudget(seconds: number, max: number): number {
  return Math.min(max, Math.ceil(seconds * 8) + 8);
}

const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));

/** Transcribes 16 kHz mono `audio` with `recognise`; nothing reaches it when nobody speaks. */
export async function transcribe(
  audio: Float32Array,
  language: SttLanguage,
  recognise: Recognise,
  signal: AbortSignal,
  onProgress: (progress: SttProgress) => void = () => undefined,
  maxNewTokens = 440,
): Promise<Transcript> {
  const speech = detectSpeech(audio);
  const chunks = planChunks(speech);
  const segments: TranscriptSegment[] = [];
  const dropped: string[] = [];
  let text = '';
  for (const [i, chunk] of chunks.entries()) {
    if (signal.aborted) throw new KianaError('cancelled', 'transcription cancelled');
    const offset = chunk.start / SAMPLE_RATE;
    const duration = (chunk.end - chunk.start) / SAMPLE_RATE;
    const heard = await recognise(
      audio.subarray(chunk.start, chunk.end),
      tokenBudget(duration, maxNewTokens),
    );
    const clean = dropHallucinations(heard.text);
    dropped.push(...clean.dropped);
    for (const piece of heard.pieces) {
      const kept = dropHallucinations(piece.text).text;
      if (kept === '') continue;
      segments.push({
        start: offset + clamp(piece.start, duration),
        end: offset + clamp(piece.end ?? duration, duration),
        text: kept,
      });
    }
    if (clean.text !== '') {
      text = chunk.overlapsPrevious
        ? mergeOverlap(text, clean.text)
        : `${text} ${clean.text}`.trim();
    }
    onProgress({ done: i + 1, total: chunks.length, text });
  }
  return {
    text,
    segments,
    language,
    audioSeconds: audio.length / SAMPLE_RATE,
    speechSeconds: speech.reduce((sum, s) => sum + s.end - s.start, 0) / SAMPLE_RATE,
    dropped,
  };
}
