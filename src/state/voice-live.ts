/**
 * Partial text while recording: hands the speech so far to the speech worker as the recording
 * grows (windows planned by src/core/voice/live.ts), one call at a time, and reports the text
 * heard so far. It only reads copies of the audio: the microphone callback and the recording's
 * writes to OPFS never wait for it. A window still in flight when recording stops is cancelled;
 * the final transcript is made from the whole recording.
 */
import type { SttLanguage } from '../core/api/stt.ts';
import { LiveTranscript } from '../core/voice/live.ts';
import type { Speech } from './speech.ts';

export class LivePartials {
  readonly #live = new LiveTranscript();
  readonly #abort = new AbortController();
  #busy: Promise<void> | null = null;
  #stopped = false;
  readonly #speech: Speech;
  readonly #language: SttLanguage;
  readonly #onText: (text: string) => void;

  constructor(speech: Speech, language: SttLanguage, onText: (text: string) => void) {
    this.#speech = speech;
    this.#language = language;
    this.#onText = onText;
  }

  /** Adds recorded 16 kHz samples; starts the next window when the worker is free. */
  push(samples: Float32Array): void {
    if (this.#stopped) return;
    this.#live.push(samples);
    if (this.#busy !== null || this.#speech.model === null) return;
    const window = this.#live.next();
    if (!window) return;
    this.#busy = this.#speech
      .transcribe(window.audio, this.#language, () => undefined, this.#abort.signal)
      .then((heard) => {
        if (!this.#stopped && this.#live.apply(window, heard.text)) this.#onText(this.#live.text);
      })
      .catch(() => {
        // A partial that fails (cancelled, no model, a crashed worker) only misses a preview:
        // the final transcription reports what went wrong and keeps the recording.
      })
      .finally(() => {
        this.#busy = null;
      });
  }

  /** Stops: cancels the window in flight and resolves once the worker is free for the final. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await this.#busy;
  }
}
