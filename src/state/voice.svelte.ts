/**
 * Voice capture as the person sees it: Record → Stop recording (level meter, seconds, the text
 * heard so far), or Upload audio (read progress); then transcription of the whole recording
 * (progress per 30 s chunk) and an editable
 * transcript saved as a memory with source `voice`. Every recording is in OPFS from its first
 * second until its memory is saved or it is discarded: a reload, a closed tab or a crashed
 * worker loses nothing, and the next start transcribes what is left.
 */
import { newMemoryId } from '@kiana/shared/ids';
import type { SttLanguage } from '../core/api/stt.ts';
import { SAMPLE_RATE } from '../core/voice/resample.ts';
import { encodeWav } from '../core/voice/wav.ts';
import { decodeAudioFile } from '../platform/voice/decode-file.ts';
import { startMicrophone, type Microphone } from '../platform/voice/microphone.ts';
import * as pending from '../platform/voice/pending-audio.ts';
import { readMirror, writeMirror } from './mirror.ts';
import { loadSetting, saveSetting } from './settings.ts';
import type { Speech } from './speech.ts';
import type { StoreRef } from './store-ref.ts';
import { LivePartials } from './voice-live.ts';

export type VoicePhase = 'idle' | 'starting' | 'recording' | 'reading' | 'transcribing' | 'review';

const LANGUAGE = 'voice.language';
/** '1' while a recording may wait in OPFS (set before the first part is written). */
const PENDING = 'voice.pending';
/** A part of the recording is written to OPFS every second. */
const PART_SAMPLES = SAMPLE_RATE;

export class VoiceCapture {
  phase = $state<VoicePhase>('idle');
  /** Microphone level 0..1 (−60 dBFS … 0 dBFS). */
  level = $state(0);
  seconds = $state(0);
  /** Fraction of an uploaded file read. */
  read = $state(0);
  progress = $state<{ done: number; total: number } | null>(null);
  /** While recording (and until the final transcript is ready): the text heard so far. */
  partial = $state('');
  /** The transcript, editable before saving. */
  text = $state('');
  error = $state<unknown>(null);
  notice = $state<'nothing-said' | 'saved' | null>(null);
  /** A recording that failed to transcribe is kept; this offers to try again. */
  retryable = $state(false);
  language = $state<SttLanguage>('en');
  keepAudio = $state(false);

  #current: pending.PendingMeta | null = null;
  #mic: Microphone | null = null;
  #partials: LivePartials | null = null;
  #writer: pending.PendingWriter | null = null;
  #buffer: Float32Array[] = [];
  #buffered = 0;
  #writes: Promise<void> = Promise.resolve();
  readonly #store: StoreRef;
  readonly #speech: Speech;

  constructor(store: StoreRef, speech: Speech, uiLanguage: () => SttLanguage) {
    this.#store = store;
    this.#speech = speech;
    const saved = readMirror(LANGUAGE);
    // Explicit, never guessed: the person's last choice, else the language of the interface.
    this.language = saved === 'de' || saved === 'en' ? saved : uiLanguage();
  }

  get busy(): boolean {
    return this.phase !== 'idle';
  }

  get hasModel(): boolean {
    return this.#speech.model !== null;
  }

  setLanguage(language: SttLanguage): void {
    this.language = language;
    writeMirror(LANGUAGE, language);
  }

  async setKeepAudio(keep: boolean): Promise<void> {
    this.keepAudio = keep;
    try {
      await saveSetting('keepVoiceAudio', keep);
    } catch (error) {
      // Storage refused (some private modes): the choice holds for this visit only.
      this.error = error;
    }
  }

  /**
   * Restores the setting and transcribes recordings left from an earlier visit. Never throws:
   * where storage is refused there is no setting and no recording to restore.
   */
  async restore(): Promise<void> {
    this.keepAudio = (await loadSetting('keepVoiceAudio').catch(() => undefined)) ?? false;
    // OPFS is read at start only when a recording may be waiting: a start without one costs
    // nothing, and an OPFS that is refused is not touched at all.
    if (readMirror(PENDING) !== '1') return;
    const [left] = await pending.listPending().catch(() => []);
    if (!left) writeMirror(PENDING, '0');
    if (left && this.phase === 'idle') await this.#transcribe(left);
  }

  async record(): Promise<void> {
    if (this.busy) return;
    this.#reset('starting');
    const meta: pending.PendingMeta = {
      id: newMemoryId(),
      language: this.language,
      createdAt: Date.now(),
      origin: 'mic',
    };
    try {
      writeMirror(PENDING, '1');
      this.#writer = await pending.startPending(meta);
      this.#current = meta;
      this.#partials = new LivePartials(this.#speech, meta.language, (text) => {
        this.partial = text;
      });
      this.#mic = await startMicrophone((samples, db) => this.#onAudio(samples, db));
      this.phase = 'recording';
    } catch (error) {
      this.error = error;
      this.phase = 'idle';
      await this.#partials?.stop();
      this.#partials = null;
      await pending.removePending(meta.id);
      this.#current = null;
    }
  }

  #onAudio(samples: Float32Array, db: number): void {
    this.level = Math.min(1, Math.max(0, (db + 60) / 60));
    this.seconds += samples.length / SAMPLE_RATE;
    this.#buffer.push(samples);
    this.#buffered += samples.length;
    if (this.#buffered >= PART_SAMPLES) this.#flush();
    this.#partials?.push(samples);
  }

  #flush(): void {
    const writer = this.#writer;
    const parts = this.#buffer;
    this.#buffer = [];
    this.#buffered = 0;
    if (!writer || parts.length === 0) return;
    const joined = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      joined.set(p, at);
      at += p.length;
    }
    this.#writes = this.#writes
      .then(() => writer.append(joined))
      .catch((error: unknown) => {
        this.error = error;
      });
  }

  async stop(): Promise<void> {
    if (this.phase !== 'recording' || !this.#mic) return;
    const mic = this.#mic;
    this.#mic = null;
    await mic.stop();
    // The final transcript is made from the whole recording: a partial in flight is cancelled.
    const partials = this.#partials;
    this.#partials = null;
    await partials?.stop();
    this.#flush();
    await this.#writes;
    this.level = 0;
    if (this.#current) await this.#transcribe(this.#current);
  }

  async upload(file: File): Promise<void> {
    if (this.busy) return;
    this.#reset('reading');
    try {
      const audio = await decodeAudioFile(file, (fraction) => (this.read = fraction));
      const meta: pending.PendingMeta = {
        id: newMemoryId(),
        language: this.language,
        createdAt: Date.now(),
        origin: 'upload',
      };
      writeMirror(PENDING, '1');
      const writer = await pending.startPending(meta);
      await writer.append(audio);
      await this.#transcribe(meta);
    } catch (error) {
      this.error = error;
      this.phase = 'idle';
    }
  }

  /** Transcribes the recording that failed before. */
  async retry(): Promise<void> {
    if (this.#current && !this.busy) await this.#transcribe(this.#current);
  }

  async #transcribe(meta: pending.PendingMeta): Promise<void> {
    this.#current = meta;
    this.phase = 'transcribing';
    this.progress = null;
    this.retryable = false;
    try {
      const audio = await pending.readPending(meta.id);
      const result = await this.#speech.transcribe(audio, meta.language, (p) => {
        this.progress = { done: p.done, total: p.total };
        this.text = p.text;
      });
      this.partial = '';
      if (result.text.trim() === '') {
        await pending.removePending(meta.id);
        this.#current = null;
        this.notice = 'nothing-said';
        this.phase = 'idle';
        return;
      }
      this.text = result.text;
      this.phase = 'review';
    } catch (error) {
      this.partial = '';
      this.error = error;
      this.retryable = true;
      this.phase = 'idle';
    }
  }

  /** Saves the (edited) transcript as a voice memory; the recording goes unless it is kept. */
  async save(): Promise<void> {
    const meta = this.#current;
    const text = this.text.trim();
    if (this.phase !== 'review' || !meta || text === '') return;
    this.error = null;
    try {
      // The recording's id is the memory's: saving twice after a lost answer stores it once.
      const memory = await this.#store().call(
        'memories.put',
        { id: meta.id, text, source: 'voice', tags: [] },
        { timeoutMs: 20_000 },
      );
      if (this.keepAudio) {
        await pending.keepAudio(
          memory.id,
          encodeWav(await pending.readPending(meta.id), SAMPLE_RATE),
        );
      }
      await pending.removePending(meta.id);
      this.#current = null;
      this.text = '';
      this.notice = 'saved';
      this.phase = 'idle';
    } catch (error) {
      this.error = error;
    }
  }

  async discard(): Promise<void> {
    const meta = this.#current;
    this.#reset('idle');
    this.text = '';
    if (meta) await pending.removePending(meta.id);
    this.#current = null;
  }

  #reset(phase: VoicePhase): void {
    this.phase = phase;
    this.error = null;
    this.notice = null;
    this.retryable = false;
    this.seconds = 0;
    this.read = 0;
    this.progress = null;
    this.partial = '';
  }
}
