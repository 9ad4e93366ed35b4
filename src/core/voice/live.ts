/**
 * Partial text while someone speaks: which stretch of the recording so far the model hears next.
 * The audio after the last fixed stretch stays open. Every `stepSeconds` of new audio the open
 * audio is heard again, and its text is the tentative tail. Once the VAD sees a pause after speech
 * (or the open audio reaches `maxOpenSeconds`), the stretch up to the pause is heard a last time,
 * its text is fixed, and only the audio after it stays open. So each window is short (a partial
 * never costs more than one short Whisper call) and the fixed text only grows.
 *
 * The saved transcript is never made from these windows: after `Stop recording` the whole
 * recording is transcribed in 30 s chunks with their context (src/core/voice/transcribe.ts).
 */
import { joinSamples, SAMPLE_RATE } from './resample.ts';
import { detectSpeech, VAD_DEFAULTS } from './vad.ts';

export interface LiveOptions {
  /** New audio, in seconds, before the open audio is heard again. */
  readonly stepSeconds: number;
  /** Open audio longer than this is fixed even without a pause (someone speaking on and on). */
  readonly maxOpenSeconds: number;
  /** Open audio without speech is trimmed to its last second once it is this long. */
  readonly maxSilenceSeconds: number;
}

export const LIVE_DEFAULTS: LiveOptions = {
  stepSeconds: 2,
  maxOpenSeconds: 20,
  maxSilenceSeconds: 10,
};

/** A stretch for the model: the open audio so far, or the part of it up to a pause. */
export interface LiveWindow {
  readonly audio: Float32Array;
  /** Samples of the open audio this window fixes; 0 for a tentative window. */
  readonly closes: number;
  /** Only the newest window's text is applied; an older one was superseded. */
  readonly seq: number;
}

/** The partial transcript of one recording in progress. */
export class LiveTranscript {
  #open: Float32Array[] = [];
  #fresh = 0;
  #fixed = '';
  #tail = '';
  #seq = 0;
  readonly #options: LiveOptions;

  constructor(options: LiveOptions = LIVE_DEFAULTS) {
    this.#options = options;
  }

  /** The text heard so far: the fixed stretches, then the tentative tail. */
  get text(): string {
    return [this.#fixed, this.#tail].filter((t) => t !== '').join(' ');
  }

  /** Adds recorded 16 kHz samples. */
  push(samples: Float32Array): void {
    this.#open.push(samples);
    this.#fresh += samples.length;
  }

  /**
   * The window to hear now, or null when too little is new or nothing is said. Each call
   * supersedes the window handed out before it.
   */
  next(): LiveWindow | null {
    const { stepSeconds, maxOpenSeconds, maxSilenceSeconds } = this.#options;
    if (this.#fresh < stepSeconds * SAMPLE_RATE) return null;
    this.#fresh = 0;
    const open = joinSamples(this.#open);
    this.#open = [open];
    const last = detectSpeech(open).at(-1);
    this.#seq++;
    if (!last) {
      this.#tail = '';
      // Keep a second of the quiet: the VAD measures speech against the recording's own floor.
      if (open.length > maxSilenceSeconds * SAMPLE_RATE)
        this.#open = [open.slice(open.length - SAMPLE_RATE)];
      return null;
    }
    // A segment ends `padMs` after the last loud frame; a pause longer than the VAD bridges
    // after it means the next word starts a new segment, so this one is complete.
    const paused = open.length - last.end >= (VAD_DEFAULTS.bridgeMs * SAMPLE_RATE) / 1000;
    const closes = paused
      ? last.end
      : open.length >= maxOpenSeconds * SAMPLE_RATE
        ? open.length
        : 0;
    return { audio: open.slice(0, closes || open.length), closes, seq: this.#seq };
  }

  /** Applies what the model heard in `window`; false (and nothing changes) when superseded. */
  apply(window: LiveWindow, text: string): boolean {
    if (window.seq !== this.#seq) return false;
    const heard = text.trim();
    if (window.closes === 0) {
      this.#tail = heard;
      return true;
    }
    this.#fixed = [this.#fixed, heard].filter((t) => t !== '').join(' ');
    this.#tail = '';
    const open = joinSamples(this.#open);
    this.#open = [open.slice(window.closes)];
    return true;
  }
}
