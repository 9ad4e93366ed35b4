/**
 * The embed worker's handlers: the implementation of `embedContract` (src/core/api/embed.ts),
 * which declares and checks every call's arguments.
 */
import type { EmbedContract, LoadInfo } from '../src/core/api/embed.ts';
import { Transfer, type Handlers } from '../src/core/api/contract.ts';
import { KianaError } from '@kiana/shared/errors';
import { modelKey } from '../src/core/models/manifest.ts';
import { EmbedEngine, defaultThreads } from './embed/engine.ts';

/** Builds the handlers over one engine. */
export function createEmbedHandlers(engine: EmbedEngine): Handlers<EmbedContract> {
  let loading: Promise<LoadInfo> | null = null;
  return {
    'embed.load': ({ model, device, threads, build }) => {
      const run = (loading ?? Promise.resolve(null))
        .catch(() => null)
        .then(() => engine.load(model, device, threads ?? defaultThreads(), build));
      loading = run;
      return run;
    },
    'embed.run': async ({ texts }, ctx) => {
      await loading?.catch(() => undefined);
      const model = engine.model;
      if (!model) throw new KianaError('model-missing', 'no embedding model loaded');
      const vectors = await engine.embed(texts, ctx.signal, (done) => ctx.progress(done));
      return new Transfer(
        { vectors, dims: model.dims, count: texts.length, model: modelKey(model) },
        [vectors.buffer],
      );
    },
    'embed.unload': async () => {
      loading = null;
      await engine.unload();
    },
  };
}
