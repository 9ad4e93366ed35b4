/**
 * Piper voices in the model manifest (`voices` beside `models` in models/models.json): which
 * voices Kiana can download, from which pinned revision, with each file's size and sha256. A
 * voice is two files, the ONNX graph and its `.onnx.json` config, under one base path of a
 * repository that holds many voices (rhasspy/piper-voices), so a voice is named by repository,
 * revision and base path. Validated like the rest of the manifest: it may come from a mirror.
 */
import { KianaError } from '@kiana/shared/errors';
import type { SpeechLang } from '../speech/language.ts';
import type { ModelFile } from './manifest.ts';

export interface VoiceEntry {
  readonly id: string;
  readonly name: string;
  readonly revision: string;
  /** Base path of the voice's two files, e.g. `de/de_DE/thorsten/medium/de_DE-thorsten-medium`. */
  readonly voice: string;
  readonly language: SpeechLang;
  readonly files: readonly ModelFile[];
  readonly license: string;
  readonly default: boolean;
  readonly test: boolean;
}

/** The voice's files: `<voice>.onnx` and `<voice>.onnx.json`. */
export const voiceModelPath = (v: Pick<VoiceEntry, 'voice'>) => `${v.voice}.onnx`;
export const voiceConfigPath = (v: Pick<VoiceEntry, 'voice'>) => `${v.voice}.onnx.json`;

/** Names one voice at one revision (status maps, settings). */
export function voiceKey(v: Pick<VoiceEntry, 'id' | 'revision' | 'voice'>): string {
  return `${v.id}@${v.revision}/${v.voice}`;
}

function fail(message: string): never {
  throw new KianaError('model-manifest-invalid', `model manifest: ${message}`);
}

const REPO_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;
const REVISION = /^[\w.-]{1,64}$/;
const VOICE_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[\w/-]{1,160}$/;
const SHA256 = /^[0-9a-f]{64}$/;

function str(value: unknown, what: string, pattern?: RegExp): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) fail(`${what} must be a string`);
  if (pattern && !pattern.test(value)) fail(`${what} "${value}" is malformed`);
  return value;
}

/** Validates one voice entry: exactly the two files of its base path, in that order. */
export function parseVoiceEntry(value: unknown, i = 0): VoiceEntry {
  const v = (value ?? {}) as Record<string, unknown>;
  const where = `voices[${i}]`;
  const voice = str(v.voice, `${where}.voice`, VOICE_PATH);
  if (v.language !== 'de' && v.language !== 'en') fail(`${where}.language must be "de" or "en"`);
  if (!Array.isArray(v.files) || v.files.length !== 2) fail(`${where}.files must list 2 files`);
  const paths = [voiceModelPath({ voice }), voiceConfigPath({ voice })];
  const files = v.files.map((raw: unknown, j): ModelFile => {
    const f = (raw ?? {}) as Record<string, unknown>;
    if (f.path !== paths[j]) fail(`${where}.files[${j}].path must be "${paths[j]}"`);
    const bytes = f.bytes ?? null;
    const sha256 = f.sha256 ?? null;
    if (bytes !== null && !(Number.isSafeInteger(bytes) && (bytes as number) > 0)) {
      fail(`${where}.files[${j}].bytes must be a positive integer`);
    }
    if (sha256 !== null && !(typeof sha256 === 'string' && SHA256.test(sha256))) {
      fail(`${where}.files[${j}].sha256 is malformed`);
    }
    const path = j === 0 ? voiceModelPath({ voice }) : voiceConfigPath({ voice });
    return { path, bytes: bytes as number | null, sha256: sha256 };
  });
  return {
    id: str(v.id, `${where}.id`, REPO_ID),
    name: str(v.name, `${where}.name`),
    revision: str(v.revision, `${where}.revision`, REVISION),
    voice,
    language: v.language,
    files,
    license: str(v.license, `${where}.license`),
    default: v.default === true,
    test: v.test === true,
  };
}

/** Validates the manifest's optional `voices` list; each voice key at most once. */
export function parseVoices(value: unknown): VoiceEntry[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 64) fail('voices must be an array');
  const voices = value.map((v: unknown, i) => parseVoiceEntry(v, i));
  const keys = new Set<string>();
  for (const v of voices) {
    if (keys.has(voiceKey(v))) fail(`voice ${v.voice} is listed twice`);
    keys.add(voiceKey(v));
  }
  return voices;
}
