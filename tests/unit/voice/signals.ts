/** Deterministic test signals at 16 kHz: speech-like bursts, hum, noise and silence. */
import { joinSamples } from '../../../src/core/voice/resample.ts';
import { prng } from '../../fixtures/models/onnx-builder.ts';

export const RATE = 16_000;

/** Digital silence. */
export const silence = (seconds: number): Float32Array =>
  new Float32Array(Math.round(RATE * seconds));

/** Low broadband noise at about `db` dBFS. */
export function noise(seconds: number, db = -60, seed = 1): Float32Array {
  const rand = prng(seed);
  const amplitude = 10 ** (db / 20) * Math.sqrt(3);
  return Float32Array.from(
    { length: Math.round(RATE * seconds) },
    () => (rand() * 2 - 1) * amplitude,
  );
}

/** A voiced, syllable-modulated tone (4 syllables a second) at about -20 dBFS. */
export function speechLike(seconds: number): Float32Array {
  return Float32Array.from({ length: Math.round(RATE * seconds) }, (_, i) => {
    const t = i / RATE;
    const syllables = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
    return (
      0.25 * syllables * (Math.sin(2 * Math.PI * 140 * t) + 0.5 * Math.sin(2 * Math.PI * 280 * t))
    );
  });
}

export const concat = (...parts: Float32Array[]): Float32Array => joinSamples(parts);
