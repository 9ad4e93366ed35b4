/**
 * The onnxruntime-web build a browser runs models on is not part of the shell: the model manager
 * downloads the one build a browser needs with its first model, checks its sha256 and keeps it
 * in OPFS beside the models, where the embed worker reads it (#18: a first visit ≤ 5 MB).
 */
import type { OrtBuild } from '../api/embed.ts';
import type { ModelEntry } from './manifest.ts';

/** The one file of a runtime build, in its folder. */
export const RUNTIME_PATH = 'ort-wasm-simd-threaded.wasm';

/** A runtime build as the app serves it: where, how big, which bytes. */
export interface RuntimeBinary {
  readonly build: OrtBuild;
  /** The hashed asset URL the app serves it at. */
  readonly url: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Where a build is stored, in the shape of a model's folder: one folder per build and content.
 * The revision is the asset's hashed name, so a new onnxruntime-web never reads an old binary.
 */
export function runtimeOwner(build: OrtBuild, url: string): Pick<ModelEntry, 'id' | 'revision'> {
  const name = url.split('/').pop() ?? url;
  return { id: `onnxruntime-web/${build}`, revision: name.replace(/\.wasm$/, '') };
}

/**
 * True when this context (page or worker) offers a WebGPU adapter: then models may run on the
 * GPU, which needs the asyncify build. False wherever there is no `navigator.gpu` (Node too).
 */
export async function hasWebGpu(): Promise<boolean> {
  const nav = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } })
    .navigator;
  if (!nav?.gpu) return false;
  try {
    return (await nav.gpu.requestAdapter()) !== null;
  } catch {
    return false;
  }
}
