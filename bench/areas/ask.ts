/**
 * `npm run bench ask`: Ask's in-browser engine with the SmolLM2-135M-shaped generated model
 * (SmolLM2-135M-Instruct's architecture, random weights, q8; tests/fixtures/models/llama.ts) in
 * the app's real llm worker in headless Chromium (onnxruntime-web WASM, 1 and 2 threads), each
 * beside transformers.js on onnxruntime-node with the same files in this Node process, same
 * prompt, same number of new tokens, in the same run:
 * - time to first token (prompt fitting, prefill and the first step);
 * - ms per further token (1000 / tokens per second);
 * - Stop answer: from setting the stop flag to the call's return, beside one token's time;
 * - retrieval: Ask's ORed question query through `memories.hybridSearch` over 2,000 memories,
 *   beside the search box's ANDed query of the same words.
 * Random weights never emit end-of-text, so every generation runs to max_new_tokens.
 */
import {
  env,
  pipeline,
  TextStreamer,
  type Message,
  type TextGenerationPipeline,
} from '@huggingface/transformers';
import type { Page } from 'playwright-core';
import { buildMessages } from '../../src/core/ask/prompt.ts';
import { contentWords, retrievalQuery } from '../../src/core/ask/query.ts';
import { MODEL_SETS } from '../../tests/fixtures/models/generate.ts';
import type { Area, Figure } from '../figure.ts';
import { withModelsPage } from '../models-page.ts';

const MODEL = MODEL_SETS.bench.find((m) => 'kind' in m && m.kind === 'llm')?.id as string;
const RUNS = 3;
const NEW_TOKENS = 24;
const QUESTION = 'When is the dentist appointment and what should I bring?';
const SOURCES = [
  'Dentist appointment on Tuesday at 9 in the Weber practice. Bring the insurance card and the list of medicines.',
  'Call the dentist back about the bill from March; they sent it twice.',
  'Buy bread, milk and coffee on the way home from work.',
  'The meeting with the school about the children is on Thursday evening.',
].map((text, i) => ({ id: `m${i}`, text }));

interface Sample {
  firstMs: number;
  perTokenMs: number;
}

/** Node: transformers.js on onnxruntime-node, the same files, the same messages. */
async function nodeSamples(dir: string, threads: number): Promise<Sample[]> {
  env.allowRemoteModels = false;
  env.localModelPath = `${dir}/`;
  const pipe: TextGenerationPipeline = await pipeline('text-generation', MODEL, {
    dtype: 'q8',
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
  const messages = buildMessages(QUESTION, SOURCES, [], 'en') as Message[];
  const samples: Sample[] = [];
  for (let r = 0; r < RUNS + 1; r++) {
    const started = performance.now();
    let first = 0;
    let tokens = 0;
    const streamer = new TextStreamer(pipe.tokenizer, {
      skip_prompt: true,
      // Without a callback the streamer prints every piece to stdout.
      callback_function: () => undefined,
      token_callback_function: () => {
        if (tokens++ === 0) first = performance.now() - started;
      },
    });
    await pipe(messages, { max_new_tokens: NEW_TOKENS, do_sample: false, streamer });
    const total = performance.now() - started;
    if (r > 0) samples.push({ firstMs: first, perTokenMs: (total - first) / (tokens - 1) });
  }
  await pipe.dispose();
  return samples;
}

/** Chromium: the app's llm worker, a fresh one per thread count; also the stop latency. */
async function browserSamples(
  page: Page,
  threads: number,
): Promise<{ samples: Sample[]; stopMs: number[] }> {
  return page.evaluate(`(async () => {
    kianaRestartLlm();
    const client = kianaLlmClient();
    const models = kianaModels();
    const model = models.models.find((m) => m.id === ${JSON.stringify(MODEL)});
    await client.call('llm.load', { model, threads: ${threads}, build: models.runtime ?? 'plain' }, { timeoutMs: 600000 });
    const args = { question: ${JSON.stringify(QUESTION)}, sources: ${JSON.stringify(SOURCES)}, history: [], lang: 'en' };
    const samples = [];
    for (let r = 0; r < ${RUNS + 1}; r++) {
      const a = await client.call('llm.answer', { ...args, maxNewTokens: ${NEW_TOKENS} }, { timeoutMs: 600000 });
      if (r > 0) samples.push({ firstMs: a.firstTokenMs, perTokenMs: (a.ms - a.firstTokenMs) / (a.tokens - 1) });
    }
    const stopMs = [];
    for (let r = 0; r < ${RUNS}; r++) {
      const stop = new Int32Array(new SharedArrayBuffer(4));
      let stoppedAt = 0;
      const done = client.call('llm.answer', { ...args, maxNewTokens: 256, stop }, {
        timeoutMs: 600000,
        onProgress: (p) => {
          if (p.tokens >= 4 && stoppedAt === 0) { stoppedAt = performance.now(); Atomics.store(stop, 0, 1); }
        },
      });
      const a = await done;
      if (!a.stopped) throw new Error('the answer did not stop');
      stopMs.push(performance.now() - stoppedAt);
    }
    return { samples, stopMs };
  })()`);
}

/** Retrieval over 2,000 memories: Ask's ORed query beside the search box's ANDed one. */
async function retrieval(page: Page): Promise<{ ask: number[]; box: number[] }> {
  return page.evaluate(`(async () => {
    const store = kianaStore();
    const words = ['dentist', 'appointment', 'bring', 'bread', 'school', 'meeting', 'invoice', 'garden', 'train', 'doctor'];
    for (let c = 0; c < 4; c++) {
      const memories = [];
      for (let i = 0; i < 500; i++) {
        const n = c * 500 + i;
        const text = 'Note ' + n + ': ' + words[n % 10] + ' and ' + words[(n * 7) % 10] + ' on day ' + (n % 31) + '.';
        memories.push({ id: crypto.randomUUID(), text, tags: [], source: 'typed' });
      }
      await store.call('memories.bulkPut', { items: memories }, { timeoutMs: 600000 });
    }
    const time = async (query) => {
      const out = [];
      for (let r = 0; r < ${RUNS + 2}; r++) {
        const t = performance.now();
        await store.call('memories.hybridSearch', { query, vector: null, model: null, limit: 6, offset: 0 });
        if (r > 1) out.push(performance.now() - t);
      }
      return out;
    };
    return { ask: await time(${JSON.stringify(retrievalQuery(QUESTION))}), box: await time(${JSON.stringify(contentWords(QUESTION).join(' '))}) };
  })()`);
}

const NODE = 'transformers.js on onnxruntime-node, same files and prompt';

async function measure(page: Page, dir: string): Promise<Figure[]> {
  const figures: Figure[] = [];
  const found = await retrieval(page);
  for (const threads of [1, 2]) {
    const node = await nodeSamples(dir, threads);
    const ours = await browserSamples(page, threads);
    const t = `WASM ${threads} thread${threads > 1 ? 's' : ''}`;
    const baselineLabel = `${NODE}, ${threads} thread${threads > 1 ? 's' : ''}`;
    figures.push(
      {
        id: `ask.first-token.t${threads}`,
        label: `time to first token, SmolLM2-135M-shaped q8, 4 memories, ${t}`,
        runtime: 'chromium',
        ours: ours.samples.map((s) => s.firstMs),
        baselineLabel,
        baseline: node.map((s) => s.firstMs),
      },
      {
        id: `ask.per-token.t${threads}`,
        label: `ms per further token (1000 / tokens per second), ${t}`,
        runtime: 'chromium',
        ours: ours.samples.map((s) => s.perTokenMs),
        baselineLabel,
        baseline: node.map((s) => s.perTokenMs),
      },
      {
        id: `ask.stop.t${threads}`,
        label: `Stop answer: stop flag set → answer call returned, ${t}`,
        runtime: 'chromium',
        ours: ours.stopMs,
        baselineLabel: 'one further token in the same worker',
        baseline: ours.samples.map((s) => s.perTokenMs),
        goal: 'generation stops within 200 ms',
      },
    );
  }
  figures.push({
    id: 'ask.retrieval',
    label: "retrieval: the question's words ORed (Ask), 2,000 memories, no vectors",
    runtime: 'chromium',
    ours: found.ask,
    baselineLabel: 'the same words ANDed (the search box)',
    baseline: found.box,
  });
  return figures;
}

export const askArea: Area = {
  name: 'ask',
  run: () =>
    withModelsPage('ask', async (page, dir) => {
      await page.waitForFunction(() => 'kianaModels' in globalThis);
      await page.evaluate(`(async () => {
        const models = kianaModels();
        await models.refresh();
        const entry = models.models.find((m) => m.id === ${JSON.stringify(MODEL)});
        await models.download(entry);
        const status = models.statusOf(entry);
        if (status.phase !== 'ready') throw new Error('download failed: ' + String(status.error));
      })()`);
      return measure(page, dir);
    }),
};
