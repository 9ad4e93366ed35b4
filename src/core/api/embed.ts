/**
 * The embed worker's contract: load a downloaded model, embed texts (batched, cancellable, with
 * progress), unload. Vectors come back as one transferred Float32Array of `count × dims` values,
 * in the order of the texts.
 */
import { parseModelEntry, type ModelEntry } from '../models/manifest.ts';
import { array, check, fail, int, none, object, oneOf, optional } from './check.ts';
import { method } from './contract.ts';

/** Most texts one `embed.run` takes. */
export const MAX_TEXTS = 1024;
/** Longest text embedded; longer ones are cut (the tokenizer truncates to the model's limit). */
export const MAX_TEXT_CHARS = 20_000;

export const EMBED_DEVICES = ['wasm', 'webgpu'] as const;
export type EmbedDevice = (typeof EMBED_DEVICES)[number];
/** onnxruntime-web build: plain, or asyncify (needed for WebGPU). */
export const ORT_BUILDS = ['plain', 'asyncify'] as const;
export type OrtBuild = (typeof ORT_BUILDS)[number];

/** What `embed.load` reports. */
export interface LoadInfo {
  readonly device: EmbedDevice;
  readonly build: OrtBuild;
  readonly threads: number;
  readonly crossOriginIsolated: boolean;
  readonly dims: number;
  readonly loadMs: number;
  /** Warm-up timings (ms per batch) when WebGPU was tried; null otherwise. */
  readonly warmup: { wasm: number; webgpu: number | null } | null;
}

/** The answer to `embed.run`. */
export interface EmbedResult {
  readonly vectors: Float32Array;
  readonly dims: number;
  readonly count: number;
  /** `modelKey` of the model that made them: store it with the vectors. */
  readonly model: string;
}

const modelEntry = check<ModelEntry>((v) => parseModelEntry(v));
const text = check<string>((v, at) =>
  typeof v === 'string' ? v.slice(0, MAX_TEXT_CHARS) : fail(at, 'must be a string'),
);

export const embedContract = {
  /** Loads a model whose files the model manager has stored; idempotent per model key. */
  'embed.load': method(
    object({
      model: modelEntry,
      device: optional(oneOf(['auto', ...EMBED_DEVICES] as const), 'auto'),
      /** Threads of onnxruntime-web; by default what the device offers (see `defaultThreads`). */
      threads: optional(int(1, 16)),
      /** onnxruntime-web build; by default plain unless WebGPU may be used. */
      build: optional(oneOf(ORT_BUILDS)),
    }),
  ).returns<LoadInfo>(),
  'embed.run': method(object({ texts: array(text, MAX_TEXTS) })).returns<EmbedResult>(),
  'embed.unload': method(none).returnsNothing(),
};
export type EmbedContract = typeof embedContract;
