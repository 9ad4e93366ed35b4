import { describe, expect, it } from 'vitest';
import { detectSpeech, levelDb } from '../../../src/core/voice/vad.ts';
import { concat, noise, RATE, silence, speechLike } from './signals.ts';

const seconds = (samples: number) => samples / RATE;

describe('voice-activity detection', () => {
  it('finds nothing in digital silence, low noise or a steady hum', () => {
    expect(detectSpeech(silence(5))).toEqual([]);
    expect(detectSpeech(noise(5, -65))).toEqual([]);
    const hum = Float32Array.from(
      { length: RATE * 5 },
      (_, i) => 0.1 * Math.sin((2 * Math.PI * 50 * i) / RATE),
    );
    expect(detectSpeech(hum)).toEqual([]);
  });

  it('finds speech between pauses, padded, and within its bounds', () => {
    const audio = concat(
      noise(2, -60, 2),
      speechLike(1.5),
      noise(3, -60, 3),
      speechLike(1),
      noise(1, -60, 4),
    );
    const segments = detectSpeech(audio);
    expect(segments).toHaveLength(2);
    const [first, second] = segments as [
      { start: number; end: number },
      { start: number; end: number },
    ];
    expect(seconds(first.start)).toBeGreaterThan(1.6);
    expect(seconds(first.start)).toBeLessThan(2.05);
    expect(seconds(first.end)).toBeGreaterThan(3.45);
    expect(seconds(first.end)).toBeLessThan(3.8);
    expect(seconds(second.start)).toBeGreaterThan(6.1);
    expect(seconds(second.end)).toBeLessThanOrEqual(seconds(audio.length));
  });

  it('bridges the dips between syllables into one segment', () => {
    expect(detectSpeech(concat(silence(1), speechLike(4), silence(1)))).toHaveLength(1);
  });

  it('measures levels in dBFS', () => {
    expect(levelDb(silence(0.1))).toBe(-100);
    const full = Float32Array.from({ length: 1600 }, (_, i) => (i % 2 ? 1 : -1));
    expect(levelDb(full)).toBeCloseTo(0, 5);
  });
});
