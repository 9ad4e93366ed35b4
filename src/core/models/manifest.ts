/**
 * The model manifest (`models/models.json`): which models Kiana can download, from which pinned
 * revision, and the size and sha256 of every file. The app bundles the repository's manifest;
 * a companion's `/models/models.json` (the mirror that serves the files, and the app itself, so
 * no less trusted than the bundle) takes its place when present. Everything here validates
 * untrusted JSON before use.
 */
import { KianaError } from '@kiana/shared/errors';

/** One file of a model, relative to the model's folder (e.g. `onnx/model_quantized.onnx`). */
export interface ModelFile {
  readonly path: string;
  /** Exact size; null until pinned (`npm run models -- --pin`). */
  readonly bytes: number | null;
  /** Lower-case hex sha256; null until pinned. A file without one is never downloaded. */
  readonly sha256: string | null;
}

/** Supported tasks: sentence embeddings, speech recognition (Whisper), text generation (Ask). */
export const MODEL_TASKS = ['feature-extraction', 'automatic-speech-recognition', 'text-generation'] as const;
export type ModelTask = (typeof MODEL_TASKS)[number];
/** Weight precision transformers.js loads (`q8` → `onnx/model_quantized.onnx`). */
export type ModelDtype = 'q8' | 'fp32';

export interface ModelEntry {
  /** Hugging Face repository id, also the folder under `/models/`. */
  readonly id: string;
  readonly name: string;
  readonly task: ModelTask;
  /** A commit of the model repository: files are fetched at exactly this revision. */
  readonly revision: string;
  readonly dtype: ModelDtype;
  readonly files: readonly ModelFile[];
  readonly license: string;
  /** BCP 47 language codes the model serves well. */
  readonly languages: readonly string[];
  /** Embedding dimensions (Whisper: d_model). */
  readonly dims: number;
  /** Longest input in tokens; longer text is truncated (Whisper: longest output). */
  readonly maxTokens: number;
  /** The model Kiana suggests first. */
  readonly default: boolean;
  /** Generated random-weight model (tests): vectors carry no meaning. */
  readonly test: boolean;
}

export interface ModelManifest {
  readonly version: 1;
  readonly models: readonly ModelEntry[];
}

/** The tag stored with each vector: a vector is only comparable with vectors of the same key. */
export function modelKey(model: Pick<ModelEntry, 'id' | 'revision' | 'dtype'>): string {
  return `${model.id}@${model.revision}/${model.dtype}`;
}

/** Total bytes of a model's files (pinned sizes only). */
export function modelBytes(model: ModelEntry): number {
  return model.files.reduce((sum, f) => sum + (f.bytes ?? 0), 0);
}

/** True when every file has a pinned size and sha256 (downloadable). */
export function isPinned(model: ModelEntry): boolean {
  return model.files.every((f) => f.bytes !== null && f.sha256 !== null);
}

const SHA256 = /^[0-9a-f]{64}$/;
// Repository ids are `owner/name`; file paths are relative, without `..` or a leading slash.
const REPO_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;
const FILE_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[\w./-]+$/;
const REVISION = /^[\w.-]{1,64}$/;

function fail(message: string): never {
  throw new KianaError('model-manifest-invalid', `model manifest: ${message}`);
}

function str(value: unknown, what: string, pattern?: RegExp): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) fail(`${what} must be a string`);
  if (pattern && !pattern.test(value)) fail(`${what} "${value}" is malformed`);
  return value;
}

function positive(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    fail(`${what} must be a positive integer`);
  }
  return value;
}

function parseFile(value: unknown, where: string): ModelFile {
  const f = (value ?? {}) as Record<string, unknown>;
  return {
    path: str(f.path, `${where}.path`, FILE_PATH),
    bytes: f.bytes === null ? null : positive(f.bytes, `${where}.bytes`),
    sha256: f.sha256 === null ? null : str(f.sha256, `${where}.sha256`, SHA256),
  };
}

/** Validates one manifest entry (e.g. a model handed to the embed worker). */
export function parseModelEntry(value: unknown, i = 0): ModelEntry {
  const m = (value ?? {}) as Record<string, unknown>;
  const where = `models[${i}]`;
  const task = MODEL_TASKS.find((t) => t === m.task);
  if (task === undefined) fail(`${where}.task must be one of ${MODEL_TASKS.join(', ')}`);
  if (m.dtype !== 'q8' && m.dtype !== 'fp32') fail(`${where}.dtype must be "q8" or "fp32"`);
  if (!Array.isArray(m.files) || m.files.length === 0 || m.files.length > 32) {
    fail(`${where}.files must list 1 to 32 files`);
  }
  if (!Array.isArray(m.languages)) fail(`${where}.languages must be an array`);
  return {
    id: str(m.id, `${where}.id`, REPO_ID),
    name: str(m.name, `${where}.name`),
    task,
    revision: str(m.revision, `${where}.revision`, REVISION),
    dtype: m.dtype,
    files: m.files.map((f: unknown, j) => parseFile(f, `${where}.files[${j}]`)),
    license: str(m.license, `${where}.license`),
    languages: m.languages.map((l: unknown, j) => str(l, `${where}.languages[${j}]`)),
    dims: positive(m.dims, `${where}.dims`),
    maxTokens: positive(m.maxTokens, `${where}.maxTokens`),
    default: m.default === true,
    test: m.test === true,
  };
}

/** Validates a manifest; throws `model-manifest-invalid` naming the first problem. */
export function parseManifest(value: unknown): ModelManifest {
  const v = (value ?? {}) as Record<string, unknown>;
  if (v.version !== 1) fail('version must be 1');
  if (!Array.isArray(v.models) || v.models.length > 64) fail('models must be an array');
  const models = v.models.map((m: unknown, i) => parseModelEntry(m, i));
  const ids = new Set<string>();
  for (const m of models) {
    if (ids.has(m.id)) fail(`model ${m.id} is listed twice`);
    ids.add(m.id);
  }
  return { version: 1, models };
}

/** The model to suggest for `task`: the one marked default, else the first. */
export function defaultModel(
  manifest: ModelManifest,
  task: ModelTask = 'feature-extraction',
): ModelEntry | undefined {
  const models = manifest.models.filter((m) => m.task === task);
  return models.find((m) => m.default) ?? models[0];
}
