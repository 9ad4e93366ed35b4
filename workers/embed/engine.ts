/**
 * Sentence embeddings with transformers.js: feature extraction, mean pooling, L2-normalised.
 * onnxruntime-web is self-hosted: its small factory scripts are precached with the shell, its
 * wasm binary (14 or 27 MB) comes with the first model through the model manager into OPFS
 * (src/platform/runtime.ts), and is read from there. transformers.js reads model files only
 * through our OPFS cache, never from the network.
 */
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import asyncifyMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import asyncifyWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import plainMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import plainWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import type { EmbedDevice, LoadInfo, OrtBuild } from '../../src/core/api/embed.ts';
import { KianaError } from '@kiana/shared/errors';
import type { ModelEntry } from '../../src/core/models/manifest.ts';
import { hasWebGpu, RUNTIME_PATH, runtimeOwner } from '../../src/core/models/runtime.ts';
import { modelCache, verifiedFile } from './opfs-cache.ts';

/**
 * Texts per inference call: long enough to amortise the call (the bench's batch of 32), short
 * enough that a cancel waits at most one batch (~0.4 s for the multilingual model).
 */
export const BATCH = 32;

/**
 * Which onnxruntime-web build runs. `asyncify` (transformers.js's default) is what drives WebGPU;
 * its instrumentation makes the module twice the size (27 MB against 14 MB to compile and hold)
 * and buys nothing on the CPU. Speed on the CPU was level within noise in three runs (one
 * MiniLM q8 sentence: 6.2–9.0 ms plain, 7.8–16 ms asyncify; docs/BENCHMARKS.md). So WASM-only
 * work gets the plain build.
 */
const BUILD_URLS: Record<OrtBuild, { mjs: string; wasm: string }> = {
  plain: { mjs: plainMjsUrl, wasm: plainWasmUrl },
  asyncify: { mjs: asyncifyMjsUrl, wasm: asyncifyWasmUrl },
};

const onnxWasm = () => {
  const wasm = env.backends.onnx.wasm;
  if (!wasm) throw new KianaError('model-load', 'onnxruntime-web has no wasm backend');
  return wasm;
};

/**
 * onnxruntime-web loads one build and starts its thread pool once per worker, at the first
 * session; later settings are ignored. Remembered here so that a different thread count fails
 * instead of silently running with the first (the caller starts a new worker for that).
 */
let runtime: { build: OrtBuild; threads: number } | null = null;

/**
 * The build a load runs on: the one already running (fixed per worker), else the one asked for,
 * else plain unless WebGPU may be used. A WebGPU device whose warm-up picks WASM keeps running
 * asyncify until the worker restarts; the remembered verdict then loads the plain build.
 */
function buildFor(wantsGpu: boolean, asked: OrtBuild | undefined): OrtBuild {
  const build = runtime?.build ?? asked ?? (wantsGpu ? 'asyncify' : 'plain');
  if (asked && asked !== build) {
    throw new KianaError(
      'model-load',
      `this embed worker runs the ${build} build; ${asked} needs a new worker`,
    );
  }
  return build;
}

function checkThreads(threads: number): void {
  if (runtime && runtime.threads !== threads) {
    throw new KianaError(
      'model-load',
      `this embed worker runs onnxruntime with ${runtime.threads} thread(s); ${threads} needs a new worker`,
    );
  }
}

/** The build's wasm binary as the model manager stored and verified it. */
async function runtimeBinary(build: OrtBuild): Promise<ArrayBuffer> {
  const url = new URL(BUILD_URLS[build].wasm, self.location.href).href;
  const blob = await verifiedFile(runtimeOwner(build, url), RUNTIME_PATH);
  if (!blob) {
    throw new KianaError('model-missing', `the onnxruntime-web ${build} build is not downloaded`);
  }
  return blob.arrayBuffer();
}

/** Configures transformers.js: offline, our cache, our wasm files (the stt worker too). */
export async function configure(
  model: ModelEntry,
  threads: number,
  build: OrtBuild,
): Promise<void> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = '/models/';
  env.useBrowserCache = false;
  // The factory is imported from its own URL: a blob: URL (the wasm cache) would need a
  // `script-src blob:` the CSP does not allow.
  env.useWasmCache = false;
  env.useCustomCache = true;
  env.customCache = modelCache(model);
  // Anything the cache does not hold is missing: a real 404 without touching the network.
  env.fetch = () => Promise.resolve(new Response(null, { status: 404 }));
  const wasm = onnxWasm();
  const urls = BUILD_URLS[build];
  // onnxruntime reads the binary at its first session only; later loads reuse the module.
  if (runtime === null) wasm.wasmBinary = await runtimeBinary(build);
  wasm.wasmPaths = {
    mjs: new URL(urls.mjs, self.location.href).href,
    wasm: new URL(urls.wasm, self.location.href).href,
  };
  // Without cross-origin isolation there is no SharedArrayBuffer and ORT runs one thread.
  wasm.numThreads = threads;
  wasm.proxy = false;
  runtime = { build, threads };
}

/** Threads to use: explicit, else up to 4 when cross-origin isolated, else 1. */
export function defaultThreads(): number {
  if (!self.crossOriginIsolated) return 1;
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
}

const WARMUP_TEXTS = Array.from({ length: 8 }, (_, i) => `warm-up sentence number ${i} for timing`);

/** One short run: onnxruntime sets up on a session's first run what later runs reuse. */
async function firstRun(pipe: FeatureExtractionPipeline): Promise<void> {
  await pipe(WARMUP_TEXTS[0] as string, { pooling: 'mean', normalize: true });
}

async function timeBatch(pipe: FeatureExtractionPipeline): Promise<number> {
  await pipe(WARMUP_TEXTS, { pooling: 'mean', normalize: true }); // first run compiles
  const started = performance.now();
  for (let i = 0; i < 3; i++) await pipe(WARMUP_TEXTS, { pooling: 'mean', normalize: true });
  return (performance.now() - started) / 3;
}

/**
 * onnxruntime's idle pool threads spin waiting for work by default. With two cores shared with
 * the page, a spinning thread competes with the very thread it waits for: measured in Chromium,
 * one sentence with 2 threads took 6.5–15 ms spinning and a steady 5.3–5.5 ms without (raw
 * onnxruntime-web, MiniLM q8). Not spinning also spares a phone's battery between calls.
 */
export const NO_SPINNING = { extra: { session: { intra_op: { allow_spinning: '0' } } } };

/** A failed `pipeline()`: `model-missing` when a file was not there, else `model-load`. */
export function loadError(model: ModelEntry, error: unknown): KianaError {
  const missing = /not found|404|local_files_only|allowRemoteModels/i.test(String(error));
  return new KianaError(
    missing ? 'model-missing' : 'model-load',
    `${model.id}: ${error instanceof Error ? error.message : String(error)}`,
    { cause: error },
  );
}

/** One loaded model. */
export class EmbedEngine {
  private pipe: FeatureExtractionPipeline | null = null;
  private loaded: { model: ModelEntry; info: LoadInfo } | null = null;

  get model(): ModelEntry | null {
    return this.loaded?.model ?? null;
  }

  private async open(model: ModelEntry, device: EmbedDevice): Promise<FeatureExtractionPipeline> {
    try {
      return await pipeline('feature-extraction', model.id, {
        revision: model.revision,
        dtype: model.dtype,
        device,
        ...(device === 'wasm' ? { session_options: NO_SPINNING } : {}),
      });
    } catch (error) {
      throw loadError(model, error);
    }
  }

  /**
   * Loads `model`. `device: 'auto'` tries WebGPU only when an adapter exists, keeps it only if a
   * warm-up batch runs faster than on WASM, and falls back to WASM on any WebGPU error.
   */
  async load(
    model: ModelEntry,
    device: EmbedDevice | 'auto',
    threads: number,
    build?: OrtBuild,
  ): Promise<LoadInfo> {
    const started = performance.now();
    // WebGPU needs the asyncify build; a worker already on the plain build stays on WASM.
    const gpuAdapter = device !== 'wasm' && (await hasWebGpu());
    const chosenBuild = buildFor(device === 'webgpu' || gpuAdapter, build);
    checkThreads(threads); // before unloading: a refused load keeps the model that is loaded
    await this.unload();
    await configure(model, threads, chosenBuild);
    const gpuPossible = chosenBuild === 'asyncify' && gpuAdapter;
    let chosen: EmbedDevice = 'wasm';
    let warmup: LoadInfo['warmup'] = null;
    let pipe: FeatureExtractionPipeline | null = null;
    if (device === 'webgpu' && gpuPossible) {
      // Remembered from an earlier warm-up on this device: go straight to WebGPU.
      pipe = await this.open(model, 'webgpu').catch((error: unknown) => {
        console.warn('[embed] WebGPU failed, using WASM', error);
        return null;
      });
      if (pipe) chosen = 'webgpu';
    }
    pipe ??= await this.open(model, 'wasm');
    if (device === 'auto' && gpuPossible) {
      const wasmMs = await timeBatch(pipe);
      try {
        const gpuPipe = await this.open(model, 'webgpu');
        const gpuMs = await timeBatch(gpuPipe);
        warmup = { wasm: wasmMs, webgpu: gpuMs };
        if (gpuMs < wasmMs) {
          await pipe.dispose();
          pipe = gpuPipe;
          chosen = 'webgpu';
        } else {
          await gpuPipe.dispose();
        }
      } catch (error) {
        console.warn('[embed] WebGPU failed, staying on WASM', error);
        warmup = { wasm: wasmMs, webgpu: null };
      }
    }
    // onnxruntime's first run of a session sets up what later runs reuse (in a trial in
    // Chromium the first query after a load took 2.2× the next). Here it is part of the load,
    // which the app runs in idle time (ModelsState.warmUp), so the person's first search does not
    // pay it. A timed warm-up above has run the session already.
    if (warmup === null) {
      try {
        await firstRun(pipe);
      } catch (error) {
        await pipe.dispose();
        // A GPU that fails its first run (device lost, an unsupported op) leaves for WASM, as a
        // failed run later does; anything else is a load that failed.
        if (chosen !== 'webgpu') throw loadError(model, error);
        console.warn('[embed] WebGPU failed its first run, using WASM', error);
        chosen = 'wasm';
        const wasm = await this.open(model, 'wasm');
        await firstRun(wasm).catch(async (wasmError: unknown) => {
          await wasm.dispose();
          throw loadError(model, wasmError);
        });
        pipe = wasm;
      }
    }
    this.pipe = pipe;
    const info: LoadInfo = {
      device: chosen,
      build: chosenBuild,
      threads,
      crossOriginIsolated: self.crossOriginIsolated,
      dims: model.dims,
      loadMs: performance.now() - started,
      warmup,
    };
    this.loaded = { model, info };
    return info;
  }

  /**
   * Embeds `texts` in batches of similar length (less padding), in the caller's order.
   * Checks `signal` between batches; reports how many are done after each.
   */
  async embed(
    texts: readonly string[],
    signal: AbortSignal,
    onProgress: (done: number) => void = () => undefined,
  ): Promise<Float32Array> {
    const loaded = this.loaded;
    if (!this.pipe || !loaded) throw new KianaError('model-missing', 'no embedding model loaded');
    const dims = loaded.model.dims;
    const out = new Float32Array(texts.length * dims);
    const order = texts
      .map((_, i) => i)
      .sort((a, b) => (texts[a] as string).length - (texts[b] as string).length);
    for (let start = 0; start < order.length; start += BATCH) {
      signal.throwIfAborted();
      const ids = order.slice(start, start + BATCH);
      const data = await this.run(ids.map((i) => texts[i] as string));
      if (data.length !== ids.length * dims) {
        throw new KianaError(
          'model-load',
          `model returned ${data.length / ids.length} dims, manifest says ${dims}`,
        );
      }
      ids.forEach((target, row) =>
        out.set(data.subarray(row * dims, (row + 1) * dims), target * dims),
      );
      onProgress(Math.min(order.length, start + BATCH));
    }
    return out;
  }

  private async run(batch: string[]): Promise<Float32Array> {
    const pipe = this.pipe as FeatureExtractionPipeline;
    try {
      const tensor = await pipe(batch, { pooling: 'mean', normalize: true });
      return tensor.data as Float32Array;
    } catch (error) {
      // A WebGPU failure mid-session (device lost, unsupported op): fall back to WASM once.
      if (this.loaded?.info.device !== 'webgpu') throw error;
      console.warn('[embed] WebGPU run failed, reloading on WASM', error);
      const { model, info } = this.loaded;
      await this.load(model, 'wasm', info.threads);
      return this.run(batch);
    }
  }

  async unload(): Promise<void> {
    const pipe = this.pipe;
    this.pipe = null;
    this.loaded = null;
    await pipe?.dispose();
  }
}
