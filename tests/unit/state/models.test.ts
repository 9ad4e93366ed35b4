/**
 * The active model in this tab's embed worker, against embed workers generated from the
 * contract: loaded once per worker, and a worker that dies mid-call is replaced and the texts
 * embedded once more with the model loaded again.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import { modelKey } from '../../../src/core/models/manifest.ts';
import { ModelsState } from '../../../src/state/models.svelte.ts';
import { fakeEmbedder, info, installLocalStorage, model, withModel } from './helpers.ts';

beforeEach(() => installLocalStorage());

const vectors = (n: number) => ({
  vectors: new Float32Array(2 * n).fill(0.5),
  dims: 2,
  count: n,
  model: modelKey(model),
});

describe('ModelsState', () => {
  it('embeds nothing without a downloaded model', async () => {
    const embedder = fakeEmbedder([]);
    expect(await new ModelsState(embedder).embed(['x'])).toBeNull();
    expect(embedder.started).toHaveLength(0);
  });

  it('loads the model once per worker and remembers the device the warm-up chose', async () => {
    const embedder = fakeEmbedder([
      { 'embed.load': () => info, 'embed.run': ({ texts }) => vectors(texts.length) },
    ]);
    const models = withModel(embedder);
    await models.embed(['a']);
    await models.embed(['b', 'c']);
    const [worker] = embedder.started;
    expect(worker?.argsOf('embed.load')).toHaveLength(1);
    expect(worker?.argsOf('embed.load')[0]).toMatchObject({ device: 'auto' });
    expect(worker?.argsOf('embed.run').map((a) => a.texts)).toEqual([['a'], ['b', 'c']]);
    expect(models.engine).toEqual(info);
    expect(localStorage.getItem(`kiana:embed.device:${modelKey(model)}`)).toBe('wasm');
  });

  it('embeds once more in a new worker, with the model loaded again, when the worker dies mid-call', async () => {
    const embedder = fakeEmbedder([
      {
        'embed.load': () => info,
        'embed.run': () => {
          embedder.restart(); // the worker is gone: the next use starts another
          throw new KianaError('worker-crashed', 'embed worker: out of memory');
        },
      },
      { 'embed.load': () => info, 'embed.run': ({ texts }) => vectors(texts.length) },
    ]);
    const models = withModel(embedder);
    const result = await models.embed(['hello']);
    expect(result?.vectors).toHaveLength(2);
    expect(embedder.started).toHaveLength(2);
    expect(embedder.started[1]?.argsOf('embed.load')).toHaveLength(1);
  });

  it('gives up after one replacement, and never retries a cancel by the caller', async () => {
    const dying = {
      'embed.load': () => info,
      'embed.run': () => {
        embedder.restart();
        throw new KianaError('worker-crashed', 'gone again');
      },
    };
    const embedder = fakeEmbedder([dying, dying, dying]);
    const models = withModel(embedder);
    await expect(models.embed(['x'])).rejects.toMatchObject({ code: 'worker-crashed' });
    expect(embedder.started).toHaveLength(2);

    const controller = new AbortController();
    controller.abort();
    await expect(models.embed(['y'], controller.signal)).rejects.toMatchObject({
      code: 'cancelled',
    });
    expect(embedder.started).toHaveLength(3);
  });
});
