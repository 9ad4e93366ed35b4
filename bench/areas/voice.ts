/**
 * `npm run bench voice`: Whisper speech to text with the whisper-tiny-shaped generated model
 * (whisper-tiny's architecture, random weights; tests/fixtures/models/whisper.ts) on 10 s and
 * 60 s of German speech made with espeak-ng (16 kHz, sox), fp32 and q8, in the app's real stt
 * worker in headless Chromium (onnxruntime-web WASM, 1 and 2 threads), each beside the same
 * steps in this Node process (transformers.js on onnxruntime-node, the same model files and
 * audio, the same thread count) in the same run:
 * - transcription time per second of audio (real-time factor × 1000), through the app's whole
 *   path (VAD, 30 s chunks, the pipeline);
 * - for the 10 s clip, where that time goes: log-mel features, the encoder (one 30 s window),
 *   and one decoding step (one token).
 * Random weights never end a sentence, so every chunk decodes its full budget: about 3 tokens
 * per second of audio (30 for 10 s, up to 90 per 30 s chunk), as the issue fixes it.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { env, pipeline } from '@huggingface/transformers';
import type { Page } from 'playwright-core';
import type { SttTimings } from '../../src/core/api/stt.ts';
import { transcribe } from '../../src/core/voice/transcribe.ts';
import { speechWav } from '../../tests/fixtures/audio.ts';
import { MODEL_SETS } from '../../tests/fixtures/models/generate.ts';
import { meterWhisper } from '../../workers/stt/meter.ts';
import { whisperRecogniser } from '../../workers/stt/recognise.ts';
import type { Area, Figure } from '../figure.ts';
import { installModel, withModelsPage } from '../models-page.ts';

const MODEL_ID = MODEL_SETS.bench.find((m) => 'kind' in m)?.id as string;
const TEXT = [
  'Morgen früh muss ich die Rechnung für die Werkstatt bezahlen.',
  'Danach rufe ich Frau Müller wegen des Termins am Dienstag an.',
  'Die Unterlagen liegen im Schrank neben dem Fenster.',
  'Vergiss nicht, die Pflanzen auf dem Balkon zu gießen.',
  'Am Abend treffen wir uns zum Essen in der Stadt.',
].join(' ');
/** Tokens per chunk: about 3 per second of audio (a 30 s chunk gets 90). */
export const CLIPS = [
  { seconds: 10, maxNewTokens: 30, runs: 4, warmup: 1 },
  { seconds: 60, maxNewTokens: 90, runs: 2, warmup: 0 },
] as const;

type Dtype = 'fp32' | 'q8';

export interface Sample {
  readonly ms: number;
  readonly timings: SttTimings;
}

const run = promisify(execFile);

/** `seconds` of speech at 16 kHz mono float32 (espeak-ng, repeated and cut by sox). */
export async function speech(dir: string, seconds: number): Promise<Float32Array> {
  const wav = await speechWav(dir, `speech-${seconds}`, TEXT, { voice: 'de', repeat: 4 });
  const raw = join(dir, `speech-${seconds}.f32`);
  await run('sox', [wav, '-t', 'f32', '-r', '16000', '-c', '1', raw, 'trim', '0', String(seconds)]);
  const bytes = await readFile(raw);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice();
}

/** Node: transformers.js on onnxruntime-node, the same recogniser and steps as the worker. */
export async function nodeSamples(
  dir: string,
  dtype: Dtype,
  threads: number,
  clips: readonly Float32Array[],
  model = MODEL_ID,
): Promise<Sample[][]> {
  env.allowRemoteModels = false;
  env.localModelPath = `${dir}/`;
  const pipe = await pipeline('automatic-speech-recognition', model, {
    dtype,
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
  const take = meterWhisper(pipe);
  const signal = new AbortController().signal;
  const out: Sample[][] = [];
  for (const [i, clip] of CLIPS.entries()) {
    const audio = clips[i] as Float32Array;
    const samples: Sample[] = [];
    for (let r = 0; r < clip.runs + clip.warmup; r++) {
      take();
      const started = performance.now();
      const recognise = whisperRecogniser(pipe, 'de', signal);
      await transcribe(audio, 'de', recognise, signal, undefined, clip.maxNewTokens);
      const ms = performance.now() - started;
      if (r >= clip.warmup) samples.push({ ms, timings: take() });
    }
    out.push(samples);
  }
  await pipe.dispose();
  return out;
}

/** Chromium: the app's stt worker, a fresh one per precision and thread count. */
async function browserSamples(page: Page, dtype: Dtype, threads: number): Promise<Sample[][]> {
  return page.evaluate(`(async () => {
    kianaSpeech().restart();
    const client = kianaStt();
    const models = kianaModels();
    const model = { ...models.models.find((m) => m.id === ${JSON.stringify(MODEL_ID)}), dtype: ${JSON.stringify(dtype)} };
    await client.call('stt.load', { model, threads: ${threads}, build: models.runtime ?? 'plain' }, { timeoutMs: 600000 });
    const plan = ${JSON.stringify(CLIPS)};
    const out = [];
    for (const [i, clip] of plan.entries()) {
      const samples = [];
      for (let r = 0; r < clip.runs + clip.warmup; r++) {
        const audio = Float32Array.from(kianaBenchClips[i]);
        const started = performance.now();
        const result = await client.call('stt.transcribe', { audio, language: 'de', maxNewTokens: clip.maxNewTokens }, { timeoutMs: 600000 });
        const ms = performance.now() - started;
        if (r >= clip.warmup) samples.push({ ms, timings: result.timings });
      }
      out.push(samples);
    }
    await client.call('stt.unload', undefined);
    return out;
  })()`);
}

const NODE = 'transformers.js on onnxruntime-node, same model, audio and steps';
const GOAL = 'RTF ≤ 0.3 (≤ 300 ms per second of audio)';

function figuresOf(dtype: Dtype, threads: number, ours: Sample[][], node: Sample[][]): Figure[] {
  const t = `WASM ${threads} thread${threads > 1 ? 's' : ''}`;
  const base = `${NODE}, ${threads} thread${threads > 1 ? 's' : ''}`;
  const figures: Figure[] = [];
  for (const [i, clip] of CLIPS.entries()) {
    const perSecond = (s: Sample) => s.ms / clip.seconds;
    figures.push({
      id: `voice.rtf.${clip.seconds}s.${dtype}.t${threads}`,
      label: `transcription ms per second of audio (RTF × 1000), ${clip.seconds} s of speech, whisper-tiny-shaped ${dtype}, ${t}`,
      runtime: 'chromium',
      ours: (ours[i] ?? []).map(perSecond),
      baselineLabel: base,
      baseline: (node[i] ?? []).map(perSecond),
      ...(clip.seconds === 10 && dtype === 'q8' && threads === 2 ? { goal: GOAL } : {}),
    });
  }
  const steps = [
    ['features', 'log-mel features of a 10 s clip', (s: Sample) => s.timings.featuresMs],
    ['encoder', 'encoder, one 30 s window', (s: Sample) => s.timings.encoderMs],
    [
      'token',
      'one decoding step (per token)',
      (s: Sample) => s.timings.decoderMs / Math.max(1, s.timings.decoderSteps),
    ],
  ] as const;
  for (const [slug, what, value] of steps) {
    figures.push({
      id: `voice.${slug}.${dtype}.t${threads}`,
      label: `${what}, whisper-tiny-shaped ${dtype}, ${t}`,
      runtime: 'chromium',
      ours: (ours[0] ?? []).map(value),
      baselineLabel: base,
      baseline: (node[0] ?? []).map(value),
    });
  }
  return figures;
}

async function measure(page: Page, dir: string): Promise<Figure[]> {
  const audioDir = await mkdtemp(join(tmpdir(), 'kiana-bench-voice-'));
  try {
    const clips = await Promise.all(CLIPS.map((c) => speech(audioDir, c.seconds)));
    // The page gets the same samples once (as plain numbers: an evaluated string carries them).
    await page.evaluate(
      `globalThis.kianaBenchClips = ${JSON.stringify(clips.map((c) => Array.from(c)))}`,
    );
    const figures: Figure[] = [];
    for (const dtype of ['q8', 'fp32'] as const) {
      for (const threads of [1, 2]) {
        const node = await nodeSamples(dir, dtype, threads, clips);
        const ours = await browserSamples(page, dtype, threads);
        const steps = ours[0]?.[0]?.timings.decoderSteps;
        console.log(`  voice ${dtype} t${threads}: ${steps} decoding steps on 10 s`);
        figures.push(...figuresOf(dtype, threads, ours, node));
      }
    }
    return figures;
  } finally {
    await rm(audioDir, { recursive: true, force: true });
  }
}

export const voiceArea: Area = {
  name: 'voice',
  part: 'tiny',
  run: () =>
    withModelsPage('voice', async (page, dir) => {
      await installModel(page, MODEL_ID);
      return measure(page, dir);
    }),
};
