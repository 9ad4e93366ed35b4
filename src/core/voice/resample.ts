/**
 * Resampling to Whisper's 16 kHz mono, for audio that arrives in blocks (an AudioWorklet hands
 * 128 frames at the device's rate, usually 48 kHz). Each output sample is a triangle-weighted
 * average of the input within one output period either side (a box filter applied twice): a
 * 12 kHz tone, which would fold to 4 kHz, keeps a ninth of its amplitude (a single box kept a
 * third; tests/unit/voice/resample.test.ts). Enough for speech recognition at a few operations
 * per sample on a phone. Files are resampled by the browser (OfflineAudioContext) instead.
 */

/** Whisper's sample rate. */
export const SAMPLE_RATE = 16_000;

/** Joins blocks of samples into one array. */
export function joinSamples(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Averages channels into one. */
export function downmix(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first.slice();
  const out = new Float32Array(first.length);
  for (const channel of channels)
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (channel[i] ?? 0);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / channels.length;
  return out;
}

/** A streaming resampler from `fromRate` to `toRate` (at most 1:1, i.e. downsampling or equal). */
export class Resampler {
  readonly #step: number;
  /** Input not yet consumed, kept between blocks. */
  #pending = new Float32Array(0);
  /** Position of the next output sample in `#pending`, in input samples. */
  #position = 0;

  constructor(fromRate: number, toRate = SAMPLE_RATE) {
    if (!(fromRate > 0 && toRate > 0) || toRate > fromRate) {
      throw new RangeError(`cannot resample ${fromRate} Hz to ${toRate} Hz`);
    }
    this.#step = fromRate / toRate;
  }

  /** Feeds one block; returns the output samples it completes. */
  push(block: Float32Array): Float32Array {
    const input = new Float32Array(this.#pending.length + block.length);
    input.set(this.#pending);
    input.set(block, this.#pending.length);
    const step = this.#step;
    const out: number[] = [];
    let pos = this.#position;
    // An output sample needs input up to pos + step (its window) and pos + 1.
    while (pos + Math.max(step, 1) < input.length) {
      out.push(step <= 1 ? interpolate(input, pos) : triangle(input, pos, step));
      pos += step;
    }
    const keep = Math.max(0, Math.floor(pos - step) - 1);
    this.#pending = input.slice(keep);
    this.#position = pos - keep;
    return Float32Array.from(out);
  }
}

function interpolate(input: Float32Array, pos: number): number {
  const i = Math.floor(pos);
  const frac = pos - i;
  return (input[i] ?? 0) * (1 - frac) + (input[i + 1] ?? input[i] ?? 0) * frac;
}

/** Input around `pos` weighted by a triangle reaching zero `width` samples either side. */
function triangle(input: Float32Array, pos: number, width: number): number {
  let sum = 0;
  let weights = 0;
  const end = Math.min(input.length - 1, Math.floor(pos + width));
  for (let i = Math.max(0, Math.ceil(pos - width)); i <= end; i++) {
    const w = 1 - Math.abs(i - pos) / width;
    if (w <= 0) continue;
    sum += w * (input[i] as number);
    weights += w;
  }
  return weights > 0 ? sum / weights : interpolate(input, pos);
}

/** Resamples a whole signal at once. */
export function resample(
  input: Float32Array,
  fromRate: number,
  toRate = SAMPLE_RATE,
): Float32Array {
  if (fromRate === toRate) return input.slice();
  const resampler = new Resampler(fromRate, toRate);
  // A tail of silence flushes the last window; the output is cut to the exact length.
  const tail = new Float32Array(2 * Math.ceil(fromRate / toRate) + 2);
  const head = resampler.push(input);
  const rest = resampler.push(tail);
  const length = Math.round((input.length * toRate) / fromRate);
  const out = new Float32Array(length);
  out.set(head.subarray(0, length));
  out.set(rest.subarray(0, Math.max(0, length - head.length)), Math.min(head.length, length));
  return out;
}
