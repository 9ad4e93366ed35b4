/**
 * The steps around the model (src/core/voice/transcribe.ts) with a plain recogniser that
 * reports what it was given: silence never reaches the model, long speech is cut into chunks
 * whose times map back to the recording, inventions are dropped, cancelling stops between chunks.
 */
import { describe, expect, it } from 'vitest';
import { transcribe, type Recognise } from '../../../src/core/voice/transcribe.ts';
import { concat, noise, RATE, silence, speechLike } from './signals.ts';

function recorder(answer: (n: number) => string) {
  const calls: { seconds: number; tokens: number }[] = [];
  const recognise: Recognise = (audio, tokens) => {
    calls.push({ seconds: audio.length / RATE, tokens });
    const text = answer(calls.length);
    return Promise.resolve({ text, pieces: [{ start: 0.5, end: null, text }] });
  };
  return { calls, recognise };
}

const never = new AbortController().signal;

describe('transcription steps', () => {
  it('never calls the model for silence or noise', async () => {
    const { calls, recognise } = recorder(() => 'Untertitelung des ZDF, 2020');
    const out = await transcribe(concat(silence(3), noise(3, -65)), 'de', recognise, never);
    expect(calls).toEqual([]);
    expect(out).toMatchObject({ text: '', segments: [], speechSeconds: 0, audioSeconds: 6 });
  });

  it('hears only the speech, maps times back, bounds tokens, drops inventions', async () => {
    const { calls, recognise } = recorder((n) =>
      n === 1 ? 'Buy milk. Thanks for watching!' : 'x',
    );
    const progress: number[] = [];
    const audio = concat(noise(4, -60, 5), speechLike(2), noise(2, -60, 6));
    const out = await transcribe(audio, 'en', recognise, never, (p) =>
      progress.push(p.done / p.total),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]?.seconds).toBeGreaterThan(2);
    expect(calls[0]?.seconds).toBeLessThan(3);
    expect(calls[0]?.tokens).toBeLessThan(40);
    expect(out.text).toBe('Buy milk.');
    expect(out.dropped).toEqual(['Thanks for watching!']);
    expect(out.segments[0]?.start).toBeGreaterThan(4);
    expect(out.segments[0]?.end).toBeLessThan(7);
    expect(progress).toEqual([1]);
  });

  it('cuts 70 s of speech into overlapping 30 s chunks and stops when cancelled', async () => {
    const { calls, recognise } = recorder((n) => `part ${n}`);
    const out = await transcribe(speechLike(70), 'en', recognise, never);
    expect(calls.map((c) => Math.round(c.seconds))).toEqual([30, 30, 20]);
    expect(out.text).toBe('part 1 part 2 part 3');
    const controller = new AbortController();
    const stopping = recorder(() => {
      controller.abort();
      return 'once';
    });
    await expect(
      transcribe(speechLike(70), 'en', stopping.recognise, controller.signal),
    ).rejects.toMatchObject({
      code: 'cancelled',
    });
    expect(stopping.calls).toHaveLength(1);
  });
});
