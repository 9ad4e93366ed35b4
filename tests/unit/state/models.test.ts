/**
 * The active model in this tab's embed worker, against embed workers generated from the
 * contract: loaded once per worker, and a worker that dies mid-call is replaced and the texts
 * embedded once more with the model loaded again.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import { modelKey } from '../../../src/core/models/manifest.ts';
import { ModelsState, QUICK_EMBED_MS } from '../../../src/state/models.svelte.ts';
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

describe('ModelsState: texts offered ahead', () => {
  /** A worker whose embed.run calls wait until the test releases them (or fail once). */
  function slowWorker() {
    const releases: (() => void)[] = [];
    let failNext = false;
    const embedder = fakeEmbedder([
      {
        'embed.load': () => info,
        'embed.run': async ({ texts }) => {
          await new Promise<void>((resolve) => releases.push(resolve));
          if (failNext) {
            failNext = false;
            throw new KianaError('model-load', 'run failed');
          }
          return vectors(texts.length);
        },
      },
    ]);
    const runs = () => embedder.started[0]?.argsOf('embed.run').map((a) => a.texts) ?? [];
    const release = async () => {
      await vi.waitFor(() => expect(releases.length).toBeGreaterThan(0));
      releases.shift()?.();
    };
    return { embedder, runs, release, fail: () => (failNext = true) };
  }

  it('serves a text embedded since it was offered, without a second run', async () => {
    const { embedder, runs, release } = slowWorker();
    const models = withModel(embedder);
    models.offer('search', 'oat milk');
    await vi.waitFor(() => expect(runs()).toEqual([['oat milk']]));
    const asked = models.embed(['oat milk']);
    await release();
    expect((await asked)?.vectors).toEqual(new Float32Array([0.5, 0.5]));
    expect(runs()).toEqual([['oat milk']]);
    // Another text, or several, are embedded as asked.
    const other = models.embed(['oat']);
    await release();
    await other;
    expect(runs()).toEqual([['oat milk'], ['oat']]);
  });

  it('embeds it again itself when the early run failed', async () => {
    const { embedder, runs, release, fail } = slowWorker();
    const models = withModel(embedder);
    fail();
    models.offer('capture', 'a note');
    const asked = models.embed(['a note']);
    await release();
    await release();
    expect((await asked)?.vectors).toHaveLength(2);
    expect(runs()).toEqual([['a note'], ['a note']]);
  });

  it('lets a caller cancel its wait without stopping the early run for others', async () => {
    const { embedder, runs, release } = slowWorker();
    const models = withModel(embedder);
    models.offer('search', 'milk');
    const controller = new AbortController();
    const cancelled = models.embed(['milk'], controller.signal);
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
    const later = models.embed(['milk']);
    await release();
    expect((await later)?.vectors).toHaveLength(2);
    expect(runs()).toEqual([['milk']]);
  });

  it('serves no vector made by another model than the active one', async () => {
    // The worker answers with model A's key, whatever it was asked under (a switch mid-run).
    const { embedder, runs, release } = slowWorker();
    const models = withModel(embedder);
    const other = { ...model, id: 'Owner/other', default: true };
    models.models = [model, other];
    models.status.set(modelKey(other), { ...models.statusOf(model) });
    expect(models.active?.id).toBe('Owner/other');
    models.offer('search', 'milk');
    const asked = models.embed(['milk']);
    await release(); // the early run: model A's vector, not served under B
    await release(); // the caller's own run
    await asked;
    expect(runs()).toEqual([['milk'], ['milk']]);
  });

  it('stops embedding on speculation where one text takes longer than the quick limit', async () => {
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      const embedder = fakeEmbedder([
        {
          'embed.load': () => info,
          'embed.run': ({ texts }) => {
            now += QUICK_EMBED_MS * 2; // a slow device
            return vectors(texts.length);
          },
        },
      ]);
      const runs = () => embedder.started[0]?.argsOf('embed.run') ?? [];
      const models = withModel(embedder);
      // A long note's slow run says nothing about a query's speed.
      await models.embed(['a long note '.repeat(30)]);
      models.offer('search', 'first', { onlyIfQuick: true }); // unknown speed: tried
      await vi.waitFor(() => expect(runs()).toHaveLength(2));
      await models.embed(['first']);
      models.offer('search', 'second', { onlyIfQuick: true });
      await new Promise((r) => setTimeout(r, 20));
      expect(runs()).toHaveLength(2);
      // Save near: offered whatever the speed.
      models.offer('capture', 'a note');
      await vi.waitFor(() => expect(runs()).toHaveLength(3));
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('offers nothing without a model, and no blank text', async () => {
    const none = fakeEmbedder([]);
    new ModelsState(none).offer('search', 'milk');
    const embedder = fakeEmbedder([
      { 'embed.load': () => info, 'embed.run': ({ texts }) => vectors(texts.length) },
    ]);
    const models = withModel(embedder);
    models.offer('search', '   ');
    models.offer('capture', '');
    await new Promise((r) => setTimeout(r, 10));
    expect(none.started).toHaveLength(0);
    expect(embedder.started).toHaveLength(0);
    // A text is offered: it is embedded without anyone asking.
    models.offer('capture', 'milk');
    await vi.waitFor(() => expect(embedder.started[0]?.argsOf('embed.run')).toHaveLength(1));
  });
});
