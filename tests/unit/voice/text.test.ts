import { describe, expect, it } from 'vitest';
import { mergeOverlap, planChunks } from '../../../src/core/voice/chunks.ts';
import { dropHallucinations, isHallucination } from '../../../src/core/voice/hallucinations.ts';
import { encodeWav } from '../../../src/core/voice/wav.ts';
import { RATE } from './signals.ts';

describe('known Whisper inventions', () => {
  it('drops them whatever their punctuation, case or year', () => {
    expect(isHallucination('Untertitelung des ZDF, 2020')).toBe(true);
    expect(isHallucination('Thanks for watching!')).toBe(true);
    expect(isHallucination(' ... ')).toBe(true);
    expect(dropHallucinations('Call the dentist on Monday. Thank you for watching!')).toEqual({
      text: 'Call the dentist on Monday.',
      dropped: ['Thank you for watching!'],
    });
  });

  it('keeps a sentence that only contains such words', () => {
    expect(dropHallucinations('Thanks for watching the kids tonight.').text).toBe(
      'Thanks for watching the kids tonight.',
    );
  });
});

describe('chunks', () => {
  const s = (a: number, b: number) => ({ start: a * RATE, end: b * RATE });

  it('packs segments into 30 s chunks cut at pauses', () => {
    const chunks = planChunks([s(0, 10), s(12, 25), s(27, 40), s(41, 45)]);
    expect(chunks).toEqual([
      { start: 0, end: 25 * RATE, overlapsPrevious: false },
      { start: 27 * RATE, end: 45 * RATE, overlapsPrevious: false },
    ]);
  });

  it('cuts a long segment into overlapping windows that cover it', () => {
    const chunks = planChunks([s(0, 70)]);
    expect(chunks.map((c) => [c.start / RATE, c.end / RATE, c.overlapsPrevious])).toEqual([
      [0, 30, false],
      [25, 55, true],
      [50, 70, true],
    ]);
  });

  it('keeps the words two overlapping chunks both heard once', () => {
    expect(mergeOverlap('we meet on Tuesday at the', 'Tuesday, at the station')).toBe(
      'we meet on Tuesday at the station',
    );
    expect(mergeOverlap('first part', 'second part')).toBe('first part second part');
  });
});

describe('WAV', () => {
  it('writes a 16-bit mono PCM header and clamped samples', () => {
    const wav = encodeWav(Float32Array.from([0, 1, -1, 2]), RATE);
    const view = new DataView(wav.buffer);
    expect(new TextDecoder().decode(wav.subarray(0, 4))).toBe('RIFF');
    expect(view.getUint32(24, true)).toBe(RATE);
    expect(view.getUint32(40, true)).toBe(8);
    expect([0, 1, 2, 3].map((i) => view.getInt16(44 + i * 2, true))).toEqual([
      0, 32767, -32768, 32767,
    ]);
  });
});
