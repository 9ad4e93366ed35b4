/**
 * The embed worker's handler map: load a downloaded model, embed texts (batched, cancellable,
 * with progress), unload. Arguments are validated; vectors come back as one transferred
 * Float32Array of `count × dims` values, in the order of the texts.
 */
import { Transfer, type CallContext } from './rpc.ts';
import { KianaError } from '@kiana/shared/errors';
import { modelKey, parseModelEntry, type ModelEntry } from '../src/core/models/manifest.ts';
import {
  EmbedEngine,
  defaultThreads,
  type EmbedDevice,
  type LoadInfo,
  type OrtBuild,
} from './embed/engine.ts';

/** Most texts one `embed.run` takes. */
export const MAX_TEXTS = 1024;
/** Longest text accepted (the tokenizer truncates to the model's limit anyway). */
export const MAX_TEXT_CHARS = 20_000;

/** The answer to `embed.run`. */
export interface EmbedResult {
  readonly vectors: Float32Array;
  readonly dims: number;
  readonly count: number;
  /** `modelKey` of the model that made them: store it with the vectors. */
  readonly model: string;
}

function parseTexts(value: unknown): string[] {
  const texts = (value as { texts?: unknown } | null)?.texts;
  if (!Array.isArray(texts) || texts.length > MAX_TEXTS) {
    throw new KianaError(
      'bad-message',
      `embed.run: texts must be an array of at most ${MAX_TEXTS}`,
    );
  }
  return texts.map((t: unknown) => {
    if (typeof t !== 'string')
      throw new KianaError('bad-message', 'embed.run: texts must be strings');
    return t.slice(0, MAX_TEXT_CHARS);
  });
}

function parseLoad(value: unknown): {
  model: ModelEntry;
  device: EmbedDevice | 'auto';
  threads: number;
  build: OrtBuild | undefined;
} {
  const v = (value ?? {}) as Record<string, unknown>;
  const device = v.device ?? 'auto';
  if (device !== 'auto' && device !== 'wasm' && device !== 'webgpu') {
    throw new KianaError('bad-message', 'embed.load: device must be auto, wasm or webgpu');
  }
  const threads = v.threads ?? defaultThreads();
  if (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > 16) {
    throw new KianaError('bad-message', 'embed.load: threads must be an integer from 1 to 16');
  }
  const build = v.build;
  if (build !== undefined && build !== 'plain' && build !== 'asyncify') {
    throw new KianaError('bad-message', 'embed.load: build must be plain or asyncify');
  }
  return { model: parseModelEntry(v.model), device, threads, build };
}

/** Builds the handler map over one engine. */
export function createEmbedHandlers(engine: EmbedEngine) {
  let loading: Promise<LoadInfo> | null = null;
  return {
    /** Loads a model whose files the model manager has stored; idempotent per model key. */
    'embed.load': async (args: {
      model: ModelEntry;
      device?: EmbedDevice | 'auto';
      threads?: number;
      /** onnxruntime-web build; by default plain unless WebGPU may be used. */
      build?: OrtBuild;
    }): Promise<LoadInfo> => {
      const { model, device, threads, build } = parseLoad(args);
      const run = (loading ?? Promise.resolve(null))
        .catch(() => null)
        .then(() => engine.load(model, device, threads, build));
      loading = run;
      return run;
    },
    'embed.run': async (
      args: { texts: readonly string[] },
      ctx: CallContext,
    ): Promise<Transfer<EmbedResult>> => {
      const texts = parseTexts(args);
      await loading?.catch(() => undefined);
      const model = engine.model;
      if (!model) throw new KianaError('model-missing', 'no embedding model loaded');
      const vectors = await engine.embed(texts, ctx.signal, (done) => ctx.progress(done));
      return new Transfer(
        { vectors, dims: model.dims, count: texts.length, model: modelKey(model) },
        [vectors.buffer],
      );
    },
    'embed.unload': async (): Promise<void> => {
      loading = null;
      await engine.unload();
    },
  };
}

export const embedHandlers = createEmbedHandlers(new EmbedEngine());
export type EmbedHandlers = typeof embedHandlers;
