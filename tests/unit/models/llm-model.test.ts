/**
 * The generated decoder-only LM against the real consumers, in Node: cached decoding through
 * onnxruntime-node computes what a full recompute does, and transformers.js's text-generation
 * pipeline loads the micro model from the generator's folder, applies its chat template and
 * generates. Random weights never emit end-of-text, so every generation passes max_new_tokens.
 */
import { env, pipeline, type TextGenerationPipeline } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitPrompt } from '../../../src/core/ask/fit.ts';
import type { ChatMessage } from '../../../src/core/ask/types.ts';
import { ensureTestModels, MODEL_SETS } from '../../fixtures/models/generate.ts';
import { llamaModel, type LlamaShape } from '../../fixtures/models/llama.ts';

const micro = MODEL_SETS.micro.find((m) => 'kind' in m && m.kind === 'llm');
const ID = micro?.id as string;
const SHAPE: LlamaShape = { vocab: 300, hidden: 48, layers: 2, heads: 6, kvHeads: 2, intermediate: 96, positions: 64, seed: 5 };

let dir = '';
let generate: TextGenerationPipeline;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kiana-llm-'));
  await ensureTestModels(dir, 'micro');
  env.allowRemoteModels = false;
  env.localModelPath = `${dir}/`;
  generate = await pipeline('text-generation', ID, { dtype: 'fp32' });
}, 120_000);

afterAll(async () => {
  await generate.dispose();
  await rm(dir, { recursive: true, force: true });
});

type Tensors = Record<string, ort.Tensor>;

describe('generated decoder-only LM', () => {
  it('decodes with the cache exactly as a full recompute (fp32, grouped-query attention, rotary positions)', async () => {
    const session = await ort.InferenceSession.create(llamaModel(SHAPE, false));
    const headDim = SHAPE.hidden / SHAPE.heads;
    const empty = () => new ort.Tensor('float32', new Float32Array(0), [1, SHAPE.kvHeads, 0, headDim]);
    const int64 = (values: number[]) => new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);
    const ids = [1, 40, 77, 203, 5, 9, 250, 3];
    const feeds = (tokens: number[], start: number, past: Tensors | null, cached = start): Tensors => {
      const out: Tensors = {
        input_ids: int64(tokens),
        attention_mask: int64(Array.from({ length: cached + tokens.length }, () => 1)),
        position_ids: int64(tokens.map((_, i) => start + i)),
      };
      for (let l = 0; l < SHAPE.layers; l++) {
        for (const kv of ['key', 'value']) out[`past_key_values.${l}.${kv}`] = past?.[`present.${l}.${kv}`] ?? empty();
      }
      return out;
    };
    const full = await session.run(feeds(ids, 0, null));
    expect(full.logits?.dims).toEqual([1, ids.length, SHAPE.vocab]);
    let step = await session.run(feeds(ids.slice(0, 3), 0, null));
    let before = step;
    for (let t = 3; t < ids.length; t++) {
      before = step;
      step = await session.run(feeds([ids[t] as number], t, step));
    }
    expect(step['present.1.key']?.dims).toEqual([1, SHAPE.kvHeads, ids.length, headDim]);
    const last = (full.logits?.data as Float32Array).subarray((ids.length - 1) * SHAPE.vocab);
    const cached = step.logits?.data as Float32Array;
    let worst = 0;
    let spread = 0;
    for (let i = 0; i < SHAPE.vocab; i++) {
      worst = Math.max(worst, Math.abs((last[i] as number) - (cached[i] as number)));
      spread = Math.max(spread, Math.abs(last[i] as number));
    }
    expect(spread).toBeGreaterThan(1e-3);
    expect(worst).toBeLessThan(1e-5);
    // Positions matter: the same last token over the same cache, at another position, differs.
    const moved = await session.run(feeds([ids[7] as number], 20, before, ids.length - 1));
    expect(Array.from(moved.logits?.data as Float32Array)).not.toEqual(Array.from(cached));
  }, 60_000);

  it('is run by the real text-generation pipeline with its chat template, deterministically', async () => {
    const messages = [{ role: 'user', content: 'When is the dentist appointment?' }];
    const prompt = generate.tokenizer.apply_chat_template(messages, { tokenize: false, add_generation_prompt: true });
    expect(prompt).toBe('<|im_start|>user\nWhen is the dentist appointment?<|im_end|>\n<|im_start|>assistant\n');
    // Word merges: fewer tokens than characters, and the special tokens are one id each.
    const ids = generate.tokenizer.encode(prompt, { add_special_tokens: false });
    expect(ids.length).toBeLessThan(prompt.length / 2);
    expect(ids[0]).toBe(1);
    const run = () => generate(messages, { max_new_tokens: 12, do_sample: false });
    const a = (await run()) as unknown as { generated_text: { role: string; content: string }[] }[];
    const b = (await run()) as unknown as typeof a;
    const reply = a[0]?.generated_text.at(-1);
    expect(reply?.role).toBe('assistant');
    expect(reply?.content.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    const tokens = generate.tokenizer.encode(reply?.content ?? '', { add_special_tokens: false });
    expect(tokens.length).toBeLessThanOrEqual(12);
  }, 60_000);

  it("fits Ask's prompt into a window counted with the model's own tokenizer", () => {
    const count = (messages: readonly ChatMessage[]) =>
      generate.tokenizer.apply_chat_template([...messages], {
        add_generation_prompt: true,
        tokenize: true,
        return_tensor: false,
        return_dict: false,
      }).length;
    const long = 'the dentist appointment is on tuesday morning and we bring the card '.repeat(40);
    const sources = [long, long, long].map((text, i) => ({ id: `m${i}`, text }));
    const fitted = fitPrompt('When is the dentist?', sources, [], 'en', count, {
      contextTokens: 400,
      answerTokens: 100,
    });
    expect(fitted.promptTokens).toBe(count(fitted.messages));
    expect(fitted.promptTokens).toBeLessThanOrEqual(300);
    expect(fitted.promptTokens).toBeGreaterThan(250);
    // Cut to what fits, and counted in tokens, not characters: the kept text is fewer tokens.
    expect(fitted.sources.length).toBeLessThan(3);
    const kept = fitted.sources.at(-1)?.text ?? '';
    expect(kept.endsWith(' …')).toBe(true);
    expect(generate.tokenizer.encode(kept, { add_special_tokens: false }).length).toBeLessThan(
      kept.length / 2,
    );
  });
});
