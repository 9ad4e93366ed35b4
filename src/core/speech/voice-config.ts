/**
 * A Piper voice's config (`<voice>.onnx.json`): sample rate, the espeak-ng voice its phonemes
 * come from, default scales and the phoneme-id map. The file comes from a download (a mirror or
 * the hub), so it is validated before the worker trusts any of it.
 */
import { KianaError } from '@kiana/shared/errors';

export interface VoiceConfig {
  readonly sampleRate: number;
  /** espeak-ng voice, e.g. `de` or `en-us`. */
  readonly espeakVoice: string;
  readonly noiseScale: number;
  readonly lengthScale: number;
  readonly noiseW: number;
  /** Phoneme (one code point) → ids; must hold pad `_`, start `^` and end `$`. */
  readonly idMap: ReadonlyMap<string, readonly number[]>;
  readonly numSymbols: number;
  readonly speakers: number;
}

function fail(message: string): never {
  throw new KianaError('voice-invalid', `voice config: ${message}`);
}

function num(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    fail(`${what} must be a number from ${min} to ${max}`);
  }
  return value;
}

const ESPEAK_VOICE = /^[a-z]{2,3}(?:-[a-z0-9]{1,8}){0,3}$/i;
const REQUIRED = ['_', '^', '$'];

/** Validates parsed JSON; throws `voice-invalid` naming the first problem. */
export function parseVoiceConfig(value: unknown): VoiceConfig {
  const v = (value ?? {}) as Record<string, unknown>;
  const audio = (v.audio ?? {}) as Record<string, unknown>;
  const espeak = (v.espeak ?? {}) as Record<string, unknown>;
  const inference = (v.inference ?? {}) as Record<string, unknown>;
  const numSymbols = num(v.num_symbols, 'num_symbols', 1, 4096);
  const voice = espeak.voice;
  if (typeof voice !== 'string' || !ESPEAK_VOICE.test(voice)) fail('espeak.voice is malformed');
  const raw = v.phoneme_id_map;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    fail('phoneme_id_map must be an object');
  const idMap = new Map<string, readonly number[]>();
  for (const [phoneme, ids] of Object.entries(raw as Record<string, unknown>)) {
    if (Array.from(phoneme).length !== 1) fail(`phoneme "${phoneme}" must be one character`);
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 8)
      fail(`ids of "${phoneme}" must be a short list`);
    idMap.set(
      phoneme,
      ids.map((id: unknown) => num(id, `id of "${phoneme}"`, 0, numSymbols - 1)).map(Math.trunc),
    );
  }
  for (const r of REQUIRED) if (!idMap.has(r)) fail(`phoneme_id_map lacks "${r}"`);
  return {
    sampleRate: Math.trunc(num(audio.sample_rate, 'audio.sample_rate', 8000, 48000)),
    espeakVoice: voice,
    noiseScale: num(inference.noise_scale ?? 0.667, 'inference.noise_scale', 0, 2),
    lengthScale: num(inference.length_scale ?? 1, 'inference.length_scale', 0.25, 4),
    noiseW: num(inference.noise_w ?? 0.8, 'inference.noise_w', 0, 2),
    idMap,
    numSymbols,
    speakers: Math.trunc(num(v.num_speakers ?? 1, 'num_speakers', 1, 1024)),
  };
}
