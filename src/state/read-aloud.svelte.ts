/**
 * Reading a memory aloud: its language is detected (or the UI's), the downloaded Piper voice of
 * that language speaks it sentence by sentence — the next sentence is synthesized while one
 * plays — and `stop()` silences it at once. Without a Piper voice, a local system voice of the
 * language reads it; without either, a clear error says what to download.
 */
import { KianaError } from '@kiana/shared/errors';
import type { VoiceEntry } from '../core/models/voices.ts';
import { detectLanguage, type SpeechLang } from '../core/speech/language.ts';
import { AudioQueue } from '../platform/audio-out.ts';
import { localVoice, speakWith, voicesReady } from '../platform/system-voice.ts';
import type { Speaker } from '../platform/tts-client.ts';
import { whenIdle } from '../platform/idle.ts';
import type { VoicesState } from './voices.svelte.ts';

export type ReadingEngine = 'piper' | 'system';

export interface Reading {
  /** What is being read (a memory id), so only its button turns into `Stop reading`. */
  readonly id: string;
  readonly engine: ReadingEngine;
  readonly lang: SpeechLang;
}

export class ReadAloud {
  reading = $state.raw<Reading | null>(null);
  /** The last failure, with the id it belongs to. */
  error = $state.raw<{ id: string; error: unknown } | null>(null);
  /** Sentences synthesized and handed to the audio output in the current or last reading. */
  sentencesPlayed = $state(0);
  sentencesTotal = $state(0);
  readonly #audio = new AudioQueue();
  #controller: AbortController | null = null;

  constructor(
    private readonly speaker: Speaker,
    private readonly voices: VoicesState,
  ) {}

  /** Samples handed to the audio output so far (tests check real audio went out). */
  get scheduledSamples(): number {
    return this.#audio.scheduledSamples;
  }

  /** `voiceKey` of the voice the tts worker has loaded, once it reported so. */
  voiceLoaded = $state<string | null>(null);

  /**
   * Loads a downloaded voice in idle time (the one of `lang`, else the other language's), so
   * the first `Read aloud` after a start waits for no model load.
   */
  warmUp(lang: SpeechLang): void {
    whenIdle(() => {
      const voice = this.voices.voiceFor(lang) ?? this.voices.voiceFor(lang === 'de' ? 'en' : 'de');
      if (voice) void this.#load(voice).catch(() => undefined);
    });
  }

  async #load(voice: VoiceEntry, signal?: AbortSignal): Promise<void> {
    const info = await this.speaker.client().call('tts.load', { voice }, signal ? { signal } : {});
    this.voiceLoaded = info.voice;
  }

  /** Reads `text` aloud; a reading already going on stops first. */
  async read(id: string, text: string, uiLang: SpeechLang): Promise<void> {
    this.stop();
    const controller = new AbortController();
    this.#controller = controller;
    const lang = detectLanguage(text, uiLang);
    const voice = this.voices.voiceFor(lang);
    this.error = null;
    this.sentencesPlayed = 0;
    this.sentencesTotal = 0;
    try {
      if (voice) {
        this.reading = { id, engine: 'piper', lang };
        await this.#piper(voice, text, controller.signal);
      } else {
        await voicesReady();
        const system = localVoice(lang);
        if (!system) {
          throw new KianaError('speech-unavailable', `no downloaded or local voice for ${lang}`);
        }
        this.reading = { id, engine: 'system', lang };
        this.sentencesTotal = 1;
        await speakWith(system, text, this.voices.settings.speed, controller.signal);
        this.sentencesPlayed = 1;
      }
    } catch (error) {
      if (!controller.signal.aborted) this.error = { id, error };
    } finally {
      if (this.#controller === controller) {
        this.#controller = null;
        this.reading = null;
      }
    }
  }

  async #piper(voice: VoiceEntry, text: string, signal: AbortSignal): Promise<void> {
    const client = this.speaker.client();
    await this.#audio.ready();
    await this.#load(voice, signal);
    const { sentences } = await client.call('tts.phonemize', { text }, { signal });
    this.sentencesTotal = sentences.length;
    const speed = this.voices.settings.speed;
    // One sentence plays while the next is made, never more ahead: the work stays small on a
    // phone, and Stop leaves at most one made sentence unplayed.
    const playing: Promise<void>[] = [];
    for (const [i, phonemes] of sentences.entries()) {
      if (i >= 2) await playing[i - 2];
      signal.throwIfAborted();
      const audio = await client.call('tts.synthesize', { phonemes, speed }, { signal });
      signal.throwIfAborted();
      // Scheduled to start right when the sentence before ends.
      playing.push(this.#audio.play(audio.samples as Float32Array<ArrayBuffer>, audio.sampleRate));
      this.sentencesPlayed++;
    }
    await Promise.all(playing);
  }

  /** Stops reading now: the audio, the sentence being made, and the system voice. */
  stop(): void {
    this.#controller?.abort(new KianaError('cancelled', 'stopped reading'));
    this.#controller = null;
    this.#audio.stop();
    this.reading = null;
  }
}
