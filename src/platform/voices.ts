/**
 * Piper voices on this device: which exist (the companion mirror's manifest, else the bundled
 * one), which are downloaded, and the download of one — its two files, plus what reading aloud
 * needs with the first voice: espeak-ng's wasm and the onnxruntime-web plain build (shared with
 * the embed worker; already there when a model was downloaded first). Resumable, sha256 checked.
 */
import espeakWasmUrl from 'espeak-ng/dist/espeak-ng.wasm?url';
import bundled from '../../models/models.json';
import { KianaError } from '@kiana/shared/errors';
import { PHONEMIZER_PATH, phonemizerOwner } from '../core/models/phonemizer.ts';
import { parseVoices, type VoiceEntry } from '../core/models/voices.ts';
import { downloadFile, HUB, MIRROR, type ModelSource } from './model-download.ts';
import { StoredFile } from './model-files.ts';
import { downloadRuntime, runtimeBinary } from './runtime.ts';

/** The voices to offer: the mirror's list when it has one, else the bundled list. */
export async function loadVoices(): Promise<VoiceEntry[]> {
  try {
    const response = await fetch('/models/models.json', { cache: 'no-store' });
    if (response.ok) {
      return parseVoices(((await response.json()) as { voices?: unknown }).voices);
    }
  } catch (error) {
    console.warn('[voices] mirror manifest unavailable', error);
  }
  return parseVoices((bundled as { voices?: unknown }).voices);
}

const owner = (v: VoiceEntry) => ({ id: v.id, revision: v.revision });

/** True when both files of `voice` are stored and verified. */
export async function isVoiceInstalled(voice: VoiceEntry): Promise<boolean> {
  for (const f of voice.files)
    if (!(await new StoredFile(owner(voice), f.path).verified())) return false;
  return true;
}

function phonemizerBinary() {
  return { url: new URL(espeakWasmUrl, location.href).href, ...__KIANA_ESPEAK_WASM__ };
}

export interface VoiceProgress {
  readonly loaded: number;
  readonly total: number;
}

type Part = {
  bytes: number;
  run: (signal: AbortSignal, onBytes: (n: number) => void) => Promise<void>;
};

/**
 * Downloads `voice`, then the phonemizer and the runtime (each skipped at once when already
 * stored and verified). Cancel with `signal` to pause; a new call resumes.
 */
export async function downloadVoice(
  voice: VoiceEntry,
  signal: AbortSignal,
  onProgress: (progress: VoiceProgress) => void,
): Promise<void> {
  const sources = voice.test ? [MIRROR] : [MIRROR, HUB];
  const parts: Part[] = voice.files.map((f) => {
    if (f.bytes === null || f.sha256 === null) {
      throw new KianaError('model-unpinned', `${voice.voice} has files without a pinned sha256`);
    }
    const expected = { bytes: f.bytes, sha256: f.sha256 };
    return {
      bytes: f.bytes,
      run: (sig, on) => downloadFile(owner(voice), f.path, expected, sources, sig, on),
    };
  });
  const espeak = phonemizerBinary();
  // The app's own origin serves its hashed assets, with ranges (resume).
  const app: ModelSource = { name: 'mirror', url: () => espeak.url };
  parts.push({
    bytes: espeak.bytes,
    run: (sig, on) =>
      downloadFile(phonemizerOwner(espeak.url), PHONEMIZER_PATH, espeak, [app], sig, on),
  });
  const runtime = runtimeBinary('plain');
  parts.push({ bytes: runtime.bytes, run: (sig, on) => downloadRuntime(runtime, sig, on) });
  const total = parts.reduce((n, p) => n + p.bytes, 0);
  let before = 0;
  for (const part of parts) {
    await part.run(signal, (n) => onProgress({ loaded: before + n, total }));
    before += part.bytes;
  }
  onProgress({ loaded: total, total });
}

/** Removes the voice's files (the phonemizer and runtime stay: other voices and models use them). */
export async function removeVoice(voice: VoiceEntry): Promise<void> {
  for (const f of voice.files) await new StoredFile(owner(voice), f.path).clear();
}
