/**
 * Embedding figures for the `search` area: latency of one sentence and per sentence in a batch
 * of 32, MiniLM-L6-shaped (generated random weights, full architecture) q8 and fp32, in
 * headless Chromium (the app's real embed worker, onnxruntime-web WASM, 1 and 2 threads, served
 * through the companion so the page is cross-origin isolated), each beside transformers.js on
 * onnxruntime-node in this Node process with the same model files.
 */
import { env, pipeline } from '@huggingface/transformers';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../tests/browser/chromium.ts';
import { ROOT, startCompanion } from '../../tests/browser/companion-process.ts';
import { ensureTestModels, MODEL_SETS } from '../../tests/fixtures/models/generate.ts';
import type { Figure } from '../figure.ts';

const MODEL_ID = MODEL_SETS.bench[0]?.id as string;
const SINGLE_RUNS = 30;
const BATCH_RUNS = 8;
const WARMUP = 3;

/** 32 everyday sentences of 8–16 words, as memories are. */
const SENTENCES = Array.from(
  { length: 32 },
  (_, i) =>
    [
      `Call the dentist on Tuesday morning about appointment ${i}`,
      `Buy milk, bread and coffee at the market after work, list ${i}`,
      `The meeting with the school moved to next week, room ${i}`,
      `Remember the birthday gift for my sister: a garden book number ${i}`,
    ][i % 4] as string,
);

type Dtype = 'q8' | 'fp32';

async function nodeSamples(
  dir: string,
  dtype: Dtype,
  batch: number,
  runs: number,
): Promise<number[]> {
  env.allowRemoteModels = false;
  env.localModelPath = `${dir}/`;
  const extractor = await pipeline('feature-extraction', MODEL_ID, { dtype });
  const texts = SENTENCES.slice(0, batch);
  const samples: number[] = [];
  for (let i = 0; i < runs + WARMUP; i++) {
    const started = performance.now();
    await extractor(batch === 1 ? (texts[0] as string) : texts, {
      pooling: 'mean',
      normalize: true,
    });
    if (i >= WARMUP) samples.push((performance.now() - started) / batch);
  }
  await extractor.dispose();
  return samples;
}

/** Loads the bench model (both precisions) into OPFS through the app's own model manager. */
async function installInPage(page: Page): Promise<void> {
  await page.evaluate(`(async () => {
    const models = kianaModels();
    await models.refresh();
    const entry = models.models.find((m) => m.id === ${JSON.stringify(MODEL_ID)});
    await models.download(entry);
    const status = models.statusOf(entry);
    if (status.phase !== 'ready') throw new Error('download failed: ' + String(status.error));
  })()`);
}

async function browserSamples(
  page: Page,
  dtype: Dtype,
  threads: number,
  batch: number,
  runs: number,
): Promise<number[]> {
  return page.evaluate(`(async () => {
    const models = kianaModels();
    const entry = { ...models.models.find((m) => m.id === ${JSON.stringify(MODEL_ID)}), dtype: ${JSON.stringify(dtype)} };
    const embedder = kianaEmbedder();
    await embedder.call('embed.load', { model: entry, device: 'wasm', threads: ${threads} }, { timeoutMs: 300000 });
    const texts = ${JSON.stringify(SENTENCES.slice(0, batch))};
    const samples = [];
    for (let i = 0; i < ${runs + WARMUP}; i++) {
      const started = performance.now();
      await embedder.call('embed.run', { texts });
      if (i >= ${WARMUP}) samples.push((performance.now() - started) / ${batch});
    }
    await embedder.call('embed.unload', undefined);
    return samples;
  })()`);
}

export async function embeddingFigures(): Promise<Figure[]> {
  const dir = join(ROOT, '.cache', 'bench-models');
  await ensureTestModels(dir, 'bench');
  const companion = await startCompanion({ args: ['--models', dir] });
  const profile = await mkdtemp(join(tmpdir(), 'kiana-bench-embed-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const figures: Figure[] = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${companion.url}/#/settings`);
    await page.waitForSelector('html[data-ready="true"]');
    await page.waitForFunction(() => 'kianaModels' in globalThis);
    await installInPage(page);
    for (const dtype of ['q8', 'fp32'] as const) {
      for (const batch of [1, 32]) {
        const runs = batch === 1 ? SINGLE_RUNS : BATCH_RUNS;
        const node = await nodeSamples(dir, dtype, batch, runs);
        for (const threads of [1, 2]) {
          figures.push({
            id: `search.embed.${dtype}.b${batch}.t${threads}`,
            label: `embed ${batch === 1 ? 'one sentence' : 'batch of 32, per sentence'}, L6-shaped ${dtype}, WASM ${threads} thread${threads > 1 ? 's' : ''}`,
            runtime: 'chromium',
            ours: await browserSamples(page, dtype, threads, batch, runs),
            baselineLabel: 'transformers.js on onnxruntime-node, same model',
            baseline: node,
            ...(dtype === 'q8' && threads === 2
              ? { goal: '≤ 10 ms per sentence and ≤ 2× onnxruntime-node' }
              : {}),
          });
        }
      }
    }
  } finally {
    await context.close();
    await companion.stop();
    await rm(profile, { recursive: true, force: true });
  }
  return figures;
}
