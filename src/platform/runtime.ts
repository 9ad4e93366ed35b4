/**
 * The onnxruntime-web build this browser needs, fetched from the app's own origin with the first
 * model through the model manager (resumable chunks, sha256 checked, kept in OPFS for offline
 * use). The shell's service worker does not precache it: 14–27 MB a person may never use.
 */
import asyncifyWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import plainWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import type { OrtBuild } from '../core/api/embed.ts';
import { RUNTIME_PATH, runtimeOwner, type RuntimeBinary } from '../core/models/runtime.ts';
export { hasWebGpu } from '../core/models/runtime.ts';
import { downloadFile, type ModelSource } from './model-download.ts';
import { StoredFile } from './model-files.ts';

const URLS: Record<OrtBuild, string> = { plain: plainWasmUrl, asyncify: asyncifyWasmUrl };

export function runtimeBinary(build: OrtBuild): RuntimeBinary {
  const url = new URL(URLS[build], location.href).href;
  return { build, url, ...__KIANA_ORT_WASM__[build] };
}

const stored = (binary: RuntimeBinary) =>
  new StoredFile(runtimeOwner(binary.build, binary.url), RUNTIME_PATH);

/** A build already downloaded and verified, the one WebGPU needs first when it may be used. */
export async function installedRuntime(gpu: boolean): Promise<OrtBuild | null> {
  const order: OrtBuild[] = gpu ? ['asyncify', 'plain'] : ['plain', 'asyncify'];
  for (const build of order) if (await stored(runtimeBinary(build)).verified()) return build;
  return null;
}

/** Downloads (or resumes) `binary` into OPFS and verifies it; reports bytes stored so far. */
export async function downloadRuntime(
  binary: RuntimeBinary,
  signal: AbortSignal,
  onBytes: (bytes: number) => void,
): Promise<void> {
  // The app's own origin serves the hashed asset, with range requests (resume).
  const source: ModelSource = { name: 'mirror', url: () => binary.url };
  const owner = runtimeOwner(binary.build, binary.url);
  await downloadFile(owner, RUNTIME_PATH, binary, [source], signal, onBytes);
}
