/**
 * `npm run bench voice`, part `base`: why whisper-tiny and not whisper-base. A whisper-base-shaped
 * model (base's architecture: d_model 512, 6 + 6 layers, 8 heads; random weights, q8) is built
 * here from the generator's parts, for this comparison only (the model sets stay as they are),
 * and transcribes the same 10 s and 60 s of speech as the tiny-shaped one, both on
 * onnxruntime-node with 2 threads in this process. The ratio carries over to the browser rows,
 * which measure tiny only.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { ROOT } from '../../tests/browser/companion-process.ts';
import { GENERATOR_VERSION, ensureTestModels } from '../../tests/fixtures/models/generate.ts';
import { whisperDecoder, whisperEncoder } from '../../tests/fixtures/models/whisper.ts';
import {
  whisperConfig,
  whisperGenerationConfig,
  whisperPreprocessorConfig,
  whisperTokenizer,
} from '../../tests/fixtures/models/whisper-files.ts';
import type { Area, Figure } from '../figure.ts';
import { CLIPS, nodeSamples, speech, type Sample } from './voice.ts';

const BASE_ID = 'kiana-test/whisper-base-shaped';
/** openai/whisper-base's architecture. */
const WHISPER_BASE = {
  dModel: 512,
  encoderLayers: 6,
  decoderLayers: 6,
  heads: 8,
  ffn: 2048,
  seed: 43,
};

/** Writes the base-shaped model (q8) once per generator version; returns its folder's root. */
async function ensureBase(): Promise<string> {
  const root = join(ROOT, '.cache', 'bench-whisper-base');
  const stamp = join(root, 'generated');
  const version = String(GENERATOR_VERSION);
  if ((await readFile(stamp, 'utf8').catch(() => '')) === version) return root;
  const json = (value: object) => JSON.stringify(value, null, 2);
  const tok = whisperTokenizer();
  const files: Record<string, string | Uint8Array> = {
    'config.json': json(whisperConfig(WHISPER_BASE)),
    'generation_config.json': json(whisperGenerationConfig()),
    'preprocessor_config.json': json(whisperPreprocessorConfig()),
    'tokenizer.json': JSON.stringify(tok.tokenizer),
    'tokenizer_config.json': json(tok.config),
    'onnx/encoder_model_quantized.onnx': whisperEncoder(WHISPER_BASE, true),
    'onnx/decoder_model_merged_quantized.onnx': whisperDecoder(WHISPER_BASE, true),
  };
  for (const [path, data] of Object.entries(files)) {
    const file = join(root, BASE_ID, path);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, data);
  }
  await writeFile(stamp, version);
  return root;
}

const perSecond = (samples: Sample[] | undefined, seconds: number) =>
  (samples ?? []).map((s) => s.ms / seconds);

export const voiceBaseArea: Area = {
  name: 'voice',
  part: 'base',
  async run(): Promise<Figure[]> {
    const tinyDir = join(ROOT, '.cache', 'bench-models');
    await ensureTestModels(tinyDir, 'bench');
    const baseDir = await ensureBase();
    const audioDir = await mkdtemp(join(tmpdir(), 'kiana-bench-voice-base-'));
    try {
      const clips = await Promise.all(CLIPS.map((c) => speech(audioDir, c.seconds)));
      const tiny = await nodeSamples(tinyDir, 'q8', 2, clips);
      const base = await nodeSamples(baseDir, 'q8', 2, clips, BASE_ID);
      return CLIPS.map((clip, i) => ({
        id: `voice.base-vs-tiny.${clip.seconds}s.q8.t2`,
        label: `whisper-base-shaped q8: transcription ms per second of audio, ${clip.seconds} s of speech, onnxruntime-node 2 threads`,
        runtime: 'node' as const,
        ours: perSecond(base[i], clip.seconds),
        baselineLabel: 'whisper-tiny-shaped q8, same audio, steps and runtime',
        baseline: perSecond(tiny[i], clip.seconds),
      }));
    } finally {
      await rm(audioDir, { recursive: true, force: true });
    }
  },
};
