/**
 * Piper voices as the person sees them in Settings › Reading aloud: which exist, which are downloaded,
 * download progress, delete, the chosen voice per language and the speaking rate (kept in
 * settings). Reading aloud (read-aloud.svelte.ts) asks this class for the voice of a language.
 */
import { SvelteMap } from 'svelte/reactivity';
import { voiceKey, type VoiceEntry } from '../core/models/voices.ts';
import type { SpeechLang } from '../core/speech/language.ts';
import type { SpeechSettings } from '../platform/db.ts';
import { downloadVoice, isVoiceInstalled, loadVoices, removeVoice } from '../platform/voices.ts';
import { loadSetting, saveSetting } from './settings.ts';

export type VoicePhase = 'absent' | 'downloading' | 'ready' | 'error';

export interface VoiceStatus {
  readonly phase: VoicePhase;
  readonly loaded: number;
  readonly total: number;
  readonly error: unknown;
}

const ABSENT: VoiceStatus = { phase: 'absent', loaded: 0, total: 0, error: null };
const DEFAULT_SPEECH: SpeechSettings = { voices: { de: null, en: null }, speed: 1 };

export class VoicesState {
  voices = $state.raw<readonly VoiceEntry[]>([]);
  listed = $state(false);
  listError = $state<unknown>(null);
  settings = $state.raw<SpeechSettings>(DEFAULT_SPEECH);
  readonly status = new SvelteMap<string, VoiceStatus>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping markup never reads
  readonly #downloads = new Map<string, AbortController>();

  /** Bytes the first voice brings besides itself: espeak-ng and the onnxruntime build. */
  readonly engineBytes = __KIANA_ESPEAK_WASM__.bytes + __KIANA_ORT_WASM__.plain.bytes;

  statusOf(voice: VoiceEntry): VoiceStatus {
    return this.status.get(voiceKey(voice)) ?? ABSENT;
  }

  async refresh(): Promise<void> {
    try {
      this.settings = (await loadSetting('speech')) ?? DEFAULT_SPEECH;
      const voices = await loadVoices();
      for (const v of voices) {
        const key = voiceKey(v);
        if (this.#downloads.has(key)) continue;
        this.status.set(key, (await isVoiceInstalled(v)) ? { ...ABSENT, phase: 'ready' } : ABSENT);
      }
      this.voices = voices;
      this.listError = null;
    } catch (error) {
      this.listError = error;
    } finally {
      this.listed = true;
    }
  }

  /** The voice that reads `lang`: the chosen one if downloaded, else any downloaded one. */
  voiceFor(lang: SpeechLang): VoiceEntry | null {
    const ready = this.voices.filter(
      (v) => v.language === lang && this.statusOf(v).phase === 'ready',
    );
    const chosen = this.settings.voices[lang];
    return (
      ready.find((v) => voiceKey(v) === chosen) ?? ready.find((v) => v.default) ?? ready[0] ?? null
    );
  }

  async download(voice: VoiceEntry): Promise<void> {
    const key = voiceKey(voice);
    if (this.#downloads.has(key)) return;
    const controller = new AbortController();
    this.#downloads.set(key, controller);
    const set = (s: Partial<VoiceStatus>) =>
      this.status.set(key, { ...this.statusOf(voice), ...s });
    set({ phase: 'downloading', error: null });
    try {
      await downloadVoice(voice, controller.signal, ({ loaded, total }) => set({ loaded, total }));
      set({ phase: 'ready' });
    } catch (error) {
      set({
        phase: controller.signal.aborted ? 'absent' : 'error',
        error: controller.signal.aborted ? null : error,
      });
    } finally {
      this.#downloads.delete(key);
    }
  }

  cancel(voice: VoiceEntry): void {
    this.#downloads.get(voiceKey(voice))?.abort();
  }

  async remove(voice: VoiceEntry): Promise<void> {
    this.cancel(voice);
    await removeVoice(voice);
    this.status.set(voiceKey(voice), ABSENT);
  }

  async choose(lang: SpeechLang, voice: VoiceEntry | null): Promise<void> {
    this.settings = {
      ...this.settings,
      voices: { ...this.settings.voices, [lang]: voice ? voiceKey(voice) : null },
    };
    await saveSetting('speech', this.settings);
  }

  async setSpeed(speed: number): Promise<void> {
    this.settings = { ...this.settings, speed: Math.min(2, Math.max(0.5, speed)) };
    await saveSetting('speech', this.settings);
  }
}
