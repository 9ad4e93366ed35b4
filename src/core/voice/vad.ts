/**
 * Voice-activity detection by frame energy, so silence never reaches Whisper (which invents
 * sentences for it). Frames of 30 ms; a frame is speech when its energy is well above the
 * recording's own noise floor (its quietest tenth) and above an absolute floor. Gaps shorter
 * than a pause inside a sentence are bridged, blips shorter than a syllable dropped, and each
 * segment padded so word onsets and endings are kept.
 *
 * Why not @ricky0123/vad-web (Silero): it needs its own ONNX model and a second onnxruntime
 * session per recording; for deciding "is anything said here at all", on recordings a person
 * starts and stops deliberately, energy against the recording's own floor suffices, runs in
 * microseconds and needs nothing downloaded. See tests/unit/voice/vad.test.ts for what it tells
 * apart (speech-like signals, digital silence, steady hum, low noise).
 */

import { SAMPLE_RATE } from './resample.ts';

export const FRAME = (SAMPLE_RATE * 30) / 1000;

export interface VadOptions {
  /** dB above the noise floor a frame must reach. */
  readonly marginDb: number;
  /** Absolute floor in dBFS: quieter is never speech. */
  readonly minDb: number;
  /** Gaps up to this many ms between speech frames are bridged. */
  readonly bridgeMs: number;
  /** Segments shorter than this many ms are dropped. */
  readonly minSpeechMs: number;
  /** Padding added before and after each segment, ms. */
  readonly padMs: number;
}

export const VAD_DEFAULTS: VadOptions = {
  marginDb: 12,
  minDb: -50,
  bridgeMs: 400,
  minSpeechMs: 120,
  padMs: 200,
};

/** A stretch of speech, in samples: [start, end). */
export interface Segment {
  readonly start: number;
  readonly end: number;
}

/** Energy of one block in dBFS (-100 for digital silence). */
export function levelDb(samples: Float32Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (samples[i] as number) ** 2;
  const mean = sum / Math.max(1, to - from);
  return mean > 1e-10 ? 10 * Math.log10(mean) : -100;
}

/** Energy per 30 ms frame. */
export function frameLevels(audio: Float32Array): Float32Array {
  const count = Math.floor(audio.length / FRAME);
  const out = new Float32Array(count);
  for (let f = 0; f < count; f++) out[f] = levelDb(audio, f * FRAME, (f + 1) * FRAME);
  return out;
}

/** The level of the quietest tenth of frames: the recording's own background. */
function noiseFloor(levels: Float32Array): number {
  const sorted = Float32Array.from(levels).sort();
  return sorted[Math.floor(sorted.length * 0.1)] ?? -100;
}

/** The speech segments of 16 kHz mono audio (empty when nothing is said). */
export function detectSpeech(audio: Float32Array, options: VadOptions = VAD_DEFAULTS): Segment[] {
  const levels = frameLevels(audio);
  const threshold = Math.max(options.minDb, noiseFloor(levels) + options.marginDb);
  const frameMs = (FRAME * 1000) / SAMPLE_RATE;
  const bridge = Math.round(options.bridgeMs / frameMs);
  const runs: { from: number; to: number }[] = [];
  levels.forEach((level, f) => {
    if (level < threshold) return;
    const last = runs.at(-1);
    if (last && f - last.to <= bridge) last.to = f + 1;
    else runs.push({ from: f, to: f + 1 });
  });
  const pad = Math.round((options.padMs * SAMPLE_RATE) / 1000);
  const segments: Segment[] = [];
  for (const run of runs) {
    if ((run.to - run.from) * frameMs < options.minSpeechMs) continue;
    const start = Math.max(0, run.from * FRAME - pad);
    const end = Math.min(audio.length, run.to * FRAME + pad);
    const last = segments.at(-1);
    if (last && start <= last.end) segments[segments.length - 1] = { start: last.start, end };
    else segments.push({ start, end });
  }
  return segments;
}
