/**
 * Partial text while recording (src/core/voice/live.ts): which audio the model hears next as the
 * recording grows in small blocks, how a pause fixes a stretch, that the fixed text only grows,
 * that a superseded window's text is dropped, and that long silence does not pile up.
 */
import { describe, expect, it } from 'vitest';
import { LiveTranscript, type LiveWindow } from '../../../src/core/voice/live.ts';
import { concat, noise, RATE, speechLike } from './signals.ts';

/** Feeds `audio` in 85 ms blocks, as the microphone does; returns the windows handed out. */
function feed(live: LiveTranscript, audio: Float32Array): LiveWindow[] {
  const windows: LiveWindow[] = [];
  for (let at = 0; at < audio.length; at += 1360) {
    live.push(audio.slice(at, at + 1360));
    const w = live.next();
    if (w) windows.push(w);
  }
  return windows;
}

const seconds = (w: LiveWindow) => w.audio.length / RATE;

describe('partial text while recording', () => {
  it('hears nothing while nobody speaks', () => {
    const live = new LiveTranscript();
    expect(feed(live, noise(30, -60, 3))).toEqual([]);
    expect(live.text).toBe('');
  });

  it('hears the growing speech every two seconds, tentatively, until a pause fixes it', () => {
    const live = new LiveTranscript();
    const windows = feed(live, concat(noise(1, -60, 2), speechLike(5)));
    expect(windows.length).toBeGreaterThanOrEqual(2);
    expect(windows.every((w) => w.closes === 0)).toBe(true);
    // Each tentative window is the open audio so far: it grows.
    expect(seconds(windows.at(-1) as LiveWindow)).toBeGreaterThan(
      seconds(windows[0] as LiveWindow),
    );
    live.apply(windows.at(-1) as LiveWindow, 'buy milk');
    expect(live.text).toBe('buy milk');

    // A pause is seen at the next step after it began: within two seconds.
    const after = feed(live, noise(3, -60, 4));
    const fixing = after.at(-1) as LiveWindow;
    expect(fixing.closes).toBeGreaterThan(0);
    expect(seconds(fixing)).toBeLessThan(6.5);
    expect(live.apply(fixing, 'Buy milk.')).toBe(true);
    expect(live.text).toBe('Buy milk.');

    // The next stretch starts after the fixed one: its window holds none of the first speech.
    const next = feed(live, concat(speechLike(3), noise(3, -60, 5)));
    const last = next.at(-1) as LiveWindow;
    expect(last.closes).toBeGreaterThan(0);
    // The quiet left after the first stretch (under 3 s), 3 s of speech and its padding; with
    // the first 5 s of speech in it, it would be over 9 s.
    expect(seconds(last)).toBeLessThan(7);
    live.apply(last, 'and bread');
    expect(live.text).toBe('Buy milk. and bread');
  });

  it('drops the text of a window a newer one superseded', () => {
    const live = new LiveTranscript();
    const windows = feed(live, concat(noise(1, -60, 2), speechLike(6)));
    const [first, second] = windows.slice(-2);
    expect(windows.length).toBeGreaterThanOrEqual(2);
    expect(live.apply(first as LiveWindow, 'old')).toBe(false);
    expect(live.text).toBe('');
    expect(live.apply(second as LiveWindow, 'new')).toBe(true);
    expect(live.text).toBe('new');
  });

  it('fixes speech that goes on without a pause once it is long, and keeps going after', () => {
    const live = new LiveTranscript({ stepSeconds: 2, maxOpenSeconds: 8, maxSilenceSeconds: 10 });
    const windows: LiveWindow[] = [];
    const speech = concat(noise(1, -60, 2), speechLike(14));
    for (let at = 0; at < speech.length; at += 1360) {
      live.push(speech.slice(at, at + 1360));
      const w = live.next();
      if (!w) continue;
      windows.push(w);
      live.apply(w, `w${windows.length}`);
    }
    const fixed = windows.filter((w) => w.closes > 0);
    expect(fixed.length).toBeGreaterThanOrEqual(1);
    // Open audio is looked at every step, so a forced window is at most one step over the limit.
    expect(windows.every((w) => seconds(w) <= 10)).toBe(true);
    expect(live.text.startsWith(`w${windows.indexOf(fixed[0] as LiveWindow) + 1}`)).toBe(true);
  });

  it('keeps only the last second of a long silence, so the open audio stays small', () => {
    const live = new LiveTranscript();
    feed(live, noise(40, -60, 6));
    const windows = feed(live, concat(speechLike(2), noise(0.2, -60, 7)));
    expect(windows.length).toBeGreaterThanOrEqual(1);
    expect(seconds(windows.at(-1) as LiveWindow)).toBeLessThan(12);
  });
});
