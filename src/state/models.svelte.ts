/**
 * Models as the person sees them: which exist, which are downloaded, download progress (bytes,
 * speed, time left), pause (a download resumes where it stopped), delete, and the active model
 * loaded in this tab's embed worker for query embeddings.
 */
import { SvelteMap } from 'svelte/reactivity';
import { KianaError } from '@kiana/shared/errors';
import { modelBytes, modelKey, type ModelEntry, type ModelTask } from '../core/models/manifest.ts';
import { RateMeter } from '../core/models/rate.ts';
import type { EmbedClient, Embedder } from '../platform/embed-client.ts';
import { downloadModel } from '../platform/model-download.ts';
import { whenIdle } from '../platform/idle.ts';
import { removeModel } from '../platform/model-files.ts';
import { loadModels, type ManifestSource } from '../platform/model-manifest.ts';
import {
  downloadRuntime,
  hasWebGpu,
  installedRuntime,
  runtimeBinary,
} from '../platform/runtime.ts';
import type { LoadInfo, OrtBuild } from '../core/api/embed.ts';
import { EmbedAhead, type AheadResult } from '../core/embedding/ahead.ts';

/** Where a text is offered for embedding ahead: each place keeps its own newest text. */
export type AheadLane = 'search' | 'capture';

/**
 * One short text embedded faster than this (the best of the last few runs here) is cheap enough
 * to embed on speculation. Slower (a phone, a large model), an offer made `onlyIfQuick` is
 * dropped: a run started for a text the person types past would hold up the one that counts, and
 * the battery. Half the Search view's pause: then even a query that waits for a stale run is
 * answered no later than without embedding ahead.
 */
export const QUICK_EMBED_MS = 75;
/** Runs of one short text whose best time says whether the device is quick. */
const SPEED_RUNS = 5;
/** A text up to this long is "short" (a query, a brief note): its run time says the speed. */
const SHORT_TEXT_CHARS = 200;
/** A run made on speculation that takes longer than this is given up (a hung GPU, say). */
const AHEAD_TIMEOUT_MS = 30_000;

export type ModelPhase = 'absent' | 'downloading' | 'paused' | 'ready' | 'error';

export interface ModelStatus {
  readonly phase: ModelPhase;
  readonly loaded: number;
  readonly total: number;
  readonly bytesPerSecond: number;
  readonly secondsLeft: number | null;
  readonly error: unknown;
}

const IDLE: ModelStatus = {
  phase: 'absent',
  loaded: 0,
  total: 0,
  bytesPerSecond: 0,
  secondsLeft: null,
  error: null,
};

/** Progress events to the UI at most this often; a fast mirror sends thousands of chunks. */
const PROGRESS_MS = 100;
const deviceKey = (key: string) => `kiana:embed.device:${key}`;

export class ModelsState {
  models = $state.raw<readonly ModelEntry[]>([]);
  source = $state<ManifestSource>('bundled');
  listed = $state(false);
  listError = $state<unknown>(null);
  /** Status by model key. */
  readonly status = new SvelteMap<string, ModelStatus>();
  /** What the embed worker reported when it loaded the active model. */
  engine = $state.raw<LoadInfo | null>(null);
  engineError = $state<unknown>(null);

  // Bookkeeping that markup never reads, so plain (non-reactive) collections:
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #downloads = new Map<string, AbortController>();
  #engine: {
    key: string;
    generation: number;
    ready: Promise<{ model: ModelEntry; embedder: EmbedClient }>;
  } | null = null;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #listeners = new Set<() => void>();
  readonly #embedder: Embedder;
  /** The onnxruntime build in OPFS (it comes with the first model); null before. */
  #runtime: OrtBuild | null = null;
  readonly #ahead: Record<AheadLane, EmbedAhead>;
  /** How long the last few runs of one short text took with `model`, newest last. */
  #speed: { model: string; runs: number[] } = { model: '', runs: [] };

  constructor(embedder: Embedder) {
    this.#embedder = embedder;
    const one = (text: string) => this.#embedNow([text], undefined, AHEAD_TIMEOUT_MS);
    this.#ahead = { search: new EmbedAhead(one), capture: new EmbedAhead(one) };
  }

  /** The onnxruntime build stored in OPFS (it came with the first model); null before. */
  get runtime(): OrtBuild | null {
    return this.#runtime;
  }

  statusOf(model: ModelEntry): ModelStatus {
    return this.status.get(modelKey(model)) ?? IDLE;
  }

  /** The model used for embeddings: a downloaded one, the manifest's default first. */
  get active(): ModelEntry | null {
    return this.readyFor('feature-extraction');
  }

  /** A downloaded model for `task`, the manifest's default first. */
  readyFor(task: ModelTask): ModelEntry | null {
    const ready = this.models.filter((m) => m.task === task && this.statusOf(m).phase === 'ready');
    return ready.find((m) => m.default) ?? ready[0] ?? null;
  }

  /** The model to offer for `task` when none is downloaded. */
  suggestedFor(task: ModelTask): ModelEntry | null {
    const models = this.models.filter((m) => m.task === task);
    return models.find((m) => m.default) ?? models[0] ?? null;
  }

  /** The embedding model to offer when none is downloaded. */
  get suggested(): ModelEntry | null {
    return this.suggestedFor('feature-extraction');
  }

  /** Called whenever the active model may have changed (the backfill listens). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const l of this.#listeners) l();
  }

  /** Reads the model list and what is installed. */
  async refresh(): Promise<void> {
    try {
      const { models, installed, source } = await loadModels();
      this.#runtime = await installedRuntime(await hasWebGpu());
      this.models = models;
      this.source = source;
      for (const m of models) {
        const key = modelKey(m);
        if (installed.has(key)) this.status.set(key, { ...IDLE, phase: 'ready', loaded: 0 });
        else if (!this.#downloads.has(key) && this.statusOf(m).phase === 'ready') {
          this.status.delete(key);
        }
      }
      this.listError = null;
    } catch (error) {
      this.listError = error;
    }
    this.listed = true;
    // A model installed before the runtime came with models: fetch the runtime now (the
    // model's verified files are kept, so only the runtime's bytes move).
    const active = this.active;
    if (active !== null && this.#runtime === null && this.listError === null) {
      this.status.set(modelKey(active), { ...IDLE, phase: 'paused' });
      void this.download(active);
    }
    this.#changed();
  }

  /** Downloads (or resumes) `model`. */
  async download(model: ModelEntry): Promise<void> {
    const key = modelKey(model);
    if (this.#downloads.has(key)) return;
    const controller = new AbortController();
    this.#downloads.set(key, controller);
    const meter = new RateMeter();
    let shown = 0;
    const set = (s: Partial<ModelStatus>) =>
      this.status.set(key, { ...this.statusOf(model), ...s });
    set({ phase: 'downloading', error: null });
    const report = (loaded: number, total: number) => {
      const now = performance.now();
      meter.add(now, loaded);
      if (now - shown < PROGRESS_MS && loaded < total) return;
      shown = now;
      set({ loaded, total, ...meter.estimate(total) });
    };
    try {
      // The first model brings the runtime it runs on, in the same progress bar (after the
      // model's files: a model already stored then needs only the runtime's bytes).
      const runtime = this.#runtime ?? ((await hasWebGpu()) ? 'asyncify' : 'plain');
      const binary = runtimeBinary(runtime);
      const total = modelBytes(model) + (this.#runtime === null ? binary.bytes : 0);
      await downloadModel(model, controller.signal, ({ loaded }) => report(loaded, total));
      if (this.#runtime === null) {
        const before = modelBytes(model);
        await downloadRuntime(binary, controller.signal, (bytes) => report(before + bytes, total));
        this.#runtime = runtime;
      }
      set({ phase: 'ready', secondsLeft: 0 });
      this.#changed();
    } catch (error) {
      const paused = controller.signal.aborted;
      set({ phase: paused ? 'paused' : 'error', error: paused ? null : error, bytesPerSecond: 0 });
    } finally {
      this.#downloads.delete(key);
    }
  }

  /** Stops a download; pressing Download again resumes after the stored chunks. */
  pause(model: ModelEntry): void {
    this.#downloads.get(modelKey(model))?.abort(new KianaError('cancelled', 'paused'));
  }

  /** Deletes a model's files (a running download stops first). */
  async remove(model: ModelEntry): Promise<void> {
    const key = modelKey(model);
    this.pause(model);
    if (this.#engine?.key === key) {
      this.#engine = null;
      this.engine = null;
      await this.#embedder.client().call('embed.unload', undefined);
    }
    await removeModel(model);
    this.status.delete(key);
    this.#changed();
  }

  /**
   * Loads the active model into this tab's embed worker in idle time, so the first save or
   * search after a start (or a download) costs no model load: 0.7–1.4 s with the multilingual
   * model. A failure shows as `engineError`, and the next use tries again.
   */
  warmUp(): void {
    if (this.active === null) return;
    whenIdle(() => void this.ready().catch(() => undefined));
  }

  /** Loads the active model into this tab's embed worker (once); null without a model. */
  async ready(): Promise<ModelEntry | null> {
    return (await this.#loaded())?.model ?? null;
  }

  /**
   * The active model loaded into the current embed worker, with that worker's client: a call
   * made on it fails (never reaches a fresh worker without the model) if the worker goes.
   */
  async #loaded(): Promise<{ model: ModelEntry; embedder: EmbedClient } | null> {
    const model = this.active;
    if (!model) return null;
    const key = modelKey(model);
    const embedder = this.#embedder.client();
    // A model loaded into a worker that has since crashed or restarted went with it.
    const generation = this.#embedder.generation();
    if (this.#engine?.key !== key || this.#engine.generation !== generation) {
      const remembered = localStorage.getItem(deviceKey(key));
      const device = remembered === 'wasm' || remembered === 'webgpu' ? remembered : 'auto';
      const ready = embedder
        .call(
          'embed.load',
          { model, device, ...(this.#runtime ? { build: this.#runtime } : {}) },
          { timeoutMs: 120_000 },
        )
        .then((info) => {
          this.engine = info;
          this.engineError = null;
          // Remember the warm-up's verdict for this device and model.
          localStorage.setItem(deviceKey(key), info.device);
          return { model, embedder };
        });
      this.#engine = { key, generation, ready };
      ready.catch((error: unknown) => {
        this.engineError = error;
        if (this.#engine?.ready === ready) this.#engine = null;
      });
    }
    return this.#engine.ready;
  }

  /**
   * The person now has `text` in `lane` (a query typed, a draft paused on): embed it with the
   * active model now, so the search or save of it that follows finds its vector ready. Nothing
   * without a model; with `onlyIfQuick`, nothing on a device slower than {@link QUICK_EMBED_MS}.
   */
  offer(lane: AheadLane, text: string, { onlyIfQuick = false } = {}): void {
    const model = this.active;
    if (model === null || text.trim() === '') return;
    if (onlyIfQuick && !this.#quick(modelKey(model))) return;
    this.#ahead[lane].offer(text, modelKey(model));
  }

  /**
   * Embeds texts with the active model; null when no model is downloaded. One text offered
   * before (`offer`) is served from there. When the embed worker goes away during the call
   * (crashed, or restarted for another thread count), the texts are embedded once more in its
   * replacement rather than failing the caller.
   */
  async embed(texts: readonly string[], signal?: AbortSignal): Promise<AheadResult | null> {
    const [text] = texts;
    if (texts.length === 1 && text !== undefined) {
      const early = await this.#offered(text, signal);
      if (early) return early;
    }
    return this.#embedNow(texts, signal);
  }

  /** The vector of `text` if it was offered under the active model; null to embed it now. */
  async #offered(text: string, signal?: AbortSignal): Promise<AheadResult | null> {
    const model = this.active;
    if (model === null) return null;
    const key = modelKey(model);
    for (const lane of Object.values(this.#ahead)) {
      const found = lane.find(text, key);
      if (!found) continue;
      try {
        const result = await whileNotAborted(found, signal);
        if (result?.model === key) return result;
      } catch (error) {
        if (signal?.aborted === true) throw error;
        // It failed or was passed by: the caller's own call below decides.
      }
    }
    return null;
  }

  async #embedNow(
    texts: readonly string[],
    signal?: AbortSignal,
    timeoutMs?: number,
  ): Promise<AheadResult | null> {
    const options = { ...(signal ? { signal } : {}), ...(timeoutMs ? { timeoutMs } : {}) };
    for (let attempt = 0; ; attempt++) {
      const loaded = await this.#loaded();
      if (!loaded) return null;
      try {
        const started = performance.now();
        const result = await loaded.embedder.call('embed.run', { texts }, options);
        if (texts.length === 1 && (texts[0]?.length ?? 0) <= SHORT_TEXT_CHARS) {
          this.#timed(result.model, performance.now() - started);
        }
        return result;
      } catch (error) {
        // Once more in the replacement; a cancel by the caller is no reason to.
        if (attempt > 0 || signal?.aborted === true || !workerGone(error)) throw error;
      }
    }
  }

  /** Keeps the time of one short text's run with `model` (a model load is not in it). */
  #timed(model: string, ms: number): void {
    if (this.#speed.model !== model) this.#speed = { model, runs: [] };
    this.#speed.runs.push(ms);
    if (this.#speed.runs.length > SPEED_RUNS) this.#speed.runs.shift();
  }

  /**
   * Whether this device embeds one short text with `model` within {@link QUICK_EMBED_MS}: the
   * best of the last few runs, so what it can do and not a moment's load elsewhere decides (true
   * before any run with that model).
   */
  #quick(model: string): boolean {
    const { runs } = this.#speed;
    return this.#speed.model !== model || runs.length === 0 || Math.min(...runs) < QUICK_EMBED_MS;
  }
}

/** `promise`, or a `cancelled` rejection as soon as `signal` aborts (the work itself goes on). */
function whileNotAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  promise.catch(() => undefined); // the caller may be gone before it settles
  return new Promise<T>((resolve, reject) => {
    const cancel = () => reject(new KianaError('cancelled', 'cancelled'));
    if (signal.aborted) return cancel();
    signal.addEventListener('abort', cancel, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', cancel));
  });
}

/** True for the errors of a call whose worker went away under it (not the caller's cancel). */
function workerGone(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'worker-crashed' || code === 'cancelled';
}
