/**
 * The generated Whisper models against the real consumers, in Node: transformers.js's
 * automatic-speech-recognition pipeline (on onnxruntime-node) loads the micro model from the
 * generator's folder and transcribes, and the merged decoder's cache path computes exactly what a
 * full recompute does. Random weights: the text means nothing, so shapes, determinism and the
 * cache invariant are what is asserted.
 */
import { env, pipeline, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestModels, MODEL_SETS } from '../../fixtures/models/generate.ts';
import { prng } from '../../fixtures/models/onnx-builder.ts';
import { WHISPER, whisperDecoder, whisperEncoder, type WhisperShape } from '../../fixtures/models/whisper.ts';
import { KianaError } from '@kiana/shared/errors';
import { meterWhisper } from '../../../workers/stt/meter.ts';
import { whisperRecogniser } from '../../../workers/stt/recognise.ts';

const micro = MODEL_SETS.micro.find((m) => 'kind' in m && m.kind === 'whisper');
const ID = micro?.id as string;
const SHAPE: WhisperShape = { dModel: 32, encoderLayers: 1, decoderLayers: 2, heads: 2, ffn: 64, seed: 5 };

let dir = '';
let asr: AutomaticSpeechRecognitionPipeline;

/** A 2.5 s chord with a little noise: deterministic audio without a file. */
function tone(seconds: number): Float32Array {
  const rand = prng(3);
  return Float32Array.from({ length: 16000 * seconds }, (_, i) =>
    0.2 * Math.sin((2 * Math.PI * 220 * i) / 16000) + 0.1 * Math.sin((2 * Math.PI * 330 * i) / 16000) + 0.02 * (rand() - 0.5),
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kiana-whisper-'));
  await ensureTestModels(dir, 'micro');
  env.allowRemoteModels = false;
  env.localModelPath = `${dir}/`;
  asr = await pipeline('automatic-speech-recognition', ID, { dtype: 'q8' });
}, 120_000);

afterAll(async () => {
  await asr.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('generated Whisper model', () => {
  it('is transcribed by the real pipeline in German and English, with timestamps, deterministically', async () => {
    const options = { task: 'transcribe', max_new_tokens: 8, return_timestamps: true } as const;
    const de = await asr(tone(2.5), { ...options, language: 'de' });
    const again = await asr(tone(2.5), { ...options, language: 'de' });
    const en = await asr(tone(2.5), { ...options, language: 'en' });
    for (const out of [de, en]) {
      expect(typeof out.text).toBe('string');
      expect(out.text.trim().length).toBeGreaterThan(0);
      expect(out.chunks?.length).toBeGreaterThan(0);
    }
    expect(again).toEqual(de);
    // The language token is part of the prompt, so the two languages decode differently.
    expect(en.text).not.toEqual(de.text);
  });

  it('runs long audio in 30 s chunks with overlap', async () => {
    const out = await asr(tone(70), {
      language: 'en',
      max_new_tokens: 4,
      chunk_length_s: 30,
      stride_length_s: 5,
      return_timestamps: true,
    });
    expect(typeof out.text).toBe('string');
    expect(out.chunks?.length).toBeGreaterThan(0);
  });

  it("meters the worker's steps, and a cancelled recogniser stops within one decoding step", async () => {
    const take = meterWhisper(asr);
    const heard = await whisperRecogniser(asr, 'de', new AbortController().signal)(tone(2.5), 12);
    expect(heard.text.length).toBeGreaterThan(0);
    const full = take();
    expect(full.featuresMs).toBeGreaterThan(0);
    expect(full.encoderMs).toBeGreaterThan(0);
    expect(full.decoderSteps).toBeGreaterThan(2);
    expect(full.decoderMs).toBeGreaterThan(0);

    const cancelled = new AbortController();
    cancelled.abort(new KianaError('cancelled', 'superseded'));
    await expect(whisperRecogniser(asr, 'de', cancelled.signal)(tone(2.5), 12)).rejects.toMatchObject({
      code: 'cancelled',
    });
    expect(take().decoderSteps).toBeLessThanOrEqual(1);
  });

  it('decodes with the cache exactly as a full recompute (fp32)', async () => {
    const encoder = await ort.InferenceSession.create(whisperEncoder(SHAPE, false));
    const decoder = await ort.InferenceSession.create(whisperDecoder(SHAPE, false));
    const rand = prng(9);
    const mel = Float32Array.from({ length: WHISPER.melBins * WHISPER.frames }, () => rand() * 2 - 1);
    const { last_hidden_state: hidden } = await encoder.run({
      input_features: new ort.Tensor('float32', mel, [1, WHISPER.melBins, WHISPER.frames]),
    });
    expect(hidden?.dims).toEqual([1, WHISPER.sourcePositions, SHAPE.dModel]);
    const headDim = SHAPE.dModel / SHAPE.heads;
    const empty = () => new ort.Tensor('float32', new Float32Array(0), [1, SHAPE.heads, 0, headDim]);
    const ids = [50258, 50261, 50359, 50363, 440, 1000, 7];
    const feeds = (tokens: number[], past: Record<string, ort.Tensor> | null) => {
      const out: Record<string, ort.Tensor> = {
        input_ids: new ort.Tensor('int64', BigInt64Array.from(tokens.map(BigInt)), [1, tokens.length]),
        encoder_hidden_states: hidden as ort.Tensor,
        use_cache_branch: new ort.Tensor('bool', new Uint8Array([past ? 1 : 0]), [1]),
      };
      for (let l = 0; l < SHAPE.decoderLayers; l++) {
        for (const kind of ['decoder', 'encoder']) {
          for (const kv of ['key', 'value']) {
            const name = `${l}.${kind}.${kv}`;
            out[`past_key_values.${name}`] = past?.[`present.${name}`] ?? empty();
          }
        }
      }
      return out;
    };
    const full = await decoder.run(feeds(ids, null));
    expect(full.logits?.dims).toEqual([1, ids.length, WHISPER.vocab]);
    // Prompt first, then one token at a time through the cache.
    let step = await decoder.run(feeds(ids.slice(0, 4), null));
    for (let t = 4; t < ids.length; t++) step = await decoder.run(feeds([ids[t] as number], step));
    expect(step['present.0.decoder.key']?.dims).toEqual([1, SHAPE.heads, ids.length, headDim]);
    expect(step['present.1.encoder.value']?.dims).toEqual([1, SHAPE.heads, WHISPER.sourcePositions, headDim]);
    const last = (full.logits?.data as Float32Array).subarray((ids.length - 1) * WHISPER.vocab);
    const cached = step.logits?.data as Float32Array;
    let worst = 0;
    for (let i = 0; i < WHISPER.vocab; i++) worst = Math.max(worst, Math.abs((last[i] as number) - (cached[i] as number)));
    expect(worst).toBeLessThan(1e-4);
    // And the cached encoder keys are the projected ones, passed through unchanged.
    expect(step['present.1.encoder.key']?.data).toEqual(full['present.1.encoder.key']?.data);
  }, 60_000);
});
