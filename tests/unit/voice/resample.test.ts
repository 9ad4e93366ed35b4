import { describe, expect, it } from 'vitest';
import { downmix, resample, Resampler } from '../../../src/core/voice/resample.ts';

const sine = (rate: number, hz: number, seconds: number) =>
  Float32Array.from({ length: rate * seconds }, (_, i) => Math.sin((2 * Math.PI * hz * i) / rate));

describe('resampling to 16 kHz', () => {
  it('keeps the length and a speech-band tone', () => {
    const out = resample(sine(48_000, 440, 1), 48_000);
    expect(out.length).toBe(16_000);
    // Compare with the same tone made at 16 kHz, away from the edges.
    const want = sine(16_000, 440, 1);
    let worst = 0;
    for (let i = 100; i < 15_900; i++)
      worst = Math.max(worst, Math.abs((out[i] as number) - (want[i] as number)));
    expect(worst).toBeLessThan(0.1);
  });

  it('attenuates a tone above 8 kHz instead of folding it into the speech band', () => {
    const out = resample(sine(48_000, 12_000, 1), 48_000);
    const rms = Math.sqrt(out.reduce((s, v) => s + v * v, 0) / out.length);
    expect(rms).toBeLessThan(0.2);
  });

  it('gives the same samples fed in 128-frame blocks as at once', () => {
    const input = sine(44_100, 300, 1);
    const whole = new Resampler(44_100).push(input);
    const streamed = new Resampler(44_100);
    const parts: number[] = [];
    for (let i = 0; i < input.length; i += 128)
      parts.push(...streamed.push(input.subarray(i, i + 128)));
    expect(parts.length).toBe(whole.length);
    for (let i = 0; i < whole.length; i++) expect(parts[i]).toBeCloseTo(whole[i] as number, 6);
  });

  it('averages channels', () => {
    expect(Array.from(downmix([Float32Array.from([1, 0]), Float32Array.from([0, 1])]))).toEqual([
      0.5, 0.5,
    ]);
  });
});
