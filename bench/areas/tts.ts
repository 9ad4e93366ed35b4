/**
 * `npm run bench tts`: reading aloud with a Piper-medium-shaped generated voice (Piper medium's
 * decoder and sample rate, random weights; tests/fixtures/models/piper.ts) in the app's real tts
 * worker in headless Chromium (espeak-ng WASM phonemes, onnxruntime-web WASM, 1 and 2 threads),
 * each beside the same work in this Node process (the same espeak-ng WASM, onnxruntime-node on the
 * same voice file) in the same run:
 * - time to first audio: phonemize the whole text and synthesize its first sentence;
 * - synthesis time per second of audio (real-time factor × 1000) over every sentence.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import ESpeakNg from 'espeak-ng';
import * as ort from 'onnxruntime-node';
import type { Page } from 'playwright-core';
import { clauseMarks, sentencesOf } from '../../src/core/speech/clauses.ts';
import { phonemeIds } from '../../src/core/speech/phoneme-ids.ts';
import { parseVoiceConfig, type VoiceConfig } from '../../src/core/speech/voice-config.ts';
import { VOICE_REPO, VOICE_SETS } from '../../tests/fixtures/models/generate.ts';
import type { Area, Figure } from '../figure.ts';
import { withModelsPage } from '../models-page.ts';

const VOICE = VOICE_SETS.bench[0]?.voice as string;
const RUNS = 3;
const ONE = 'Morgen früh muss ich die Rechnung für die Werkstatt bezahlen.';
const FIVE = [
  ONE,
  'Danach rufe ich Frau Müller wegen des Termins am Dienstag an.',
  'Die Unterlagen liegen im Schrank neben dem Fenster.',
  'Vergiss nicht, die Pflanzen auf dem Balkon zu gießen!',
  'Am Abend treffen wir uns zum Essen in der Stadt.',
].join(' ');

interface Sample {
  firstMs: number;
  /** Synthesis ms per second of audio over all sentences. */
  perSecondMs: number;
}

/** Node: the same phonemizer build and the same voice file on onnxruntime-node. */
async function nodeSamples(dir: string, text: string, threads: number): Promise<Sample[]> {
  const base = join(dir, VOICE_REPO, VOICE);
  const config: VoiceConfig = parseVoiceConfig(
    JSON.parse(await readFile(`${base}.onnx.json`, 'utf8')),
  );
  const session = await ort.InferenceSession.create(`${base}.onnx`, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  });
  const wasm = await WebAssembly.compile(
    await readFile(createRequire(import.meta.url).resolve('espeak-ng/dist/espeak-ng.wasm')),
  );
  const samples: Sample[] = [];
  for (let r = 0; r < RUNS + 1; r++) {
    const started = performance.now();
    const espeak = await ESpeakNg({
      arguments: ['--phonout', 'out', '-q', '-b', '1', '--ipa', '-v', 'de', '--', text],
      print: () => undefined,
      instantiateWasm(imports, done) {
        void WebAssembly.instantiate(wasm, imports).then((i) => done(i, wasm));
        return {};
      },
    });
    const sentences = sentencesOf(
      espeak.FS.readFile('out', { encoding: 'utf8' })
        .replace(/\u200d/g, '')
        .split('\n'),
      clauseMarks(text),
    );
    let firstMs = 0;
    let synthMs = 0;
    let audio = 0;
    for (const [i, phonemes] of sentences.entries()) {
      const t = performance.now();
      const { ids } = phonemeIds(phonemes, config.idMap);
      const out = await session.run({
        input: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
        input_lengths: new ort.Tensor('int64', BigInt64Array.of(BigInt(ids.length)), [1]),
        scales: new ort.Tensor('float32', Float32Array.of(0.667, 1, 0.8), [3]),
      });
      synthMs += performance.now() - t;
      audio += (out.output as ort.Tensor).data.length / config.sampleRate;
      if (i === 0) firstMs = performance.now() - started;
    }
    if (r > 0) samples.push({ firstMs, perSecondMs: synthMs / audio });
  }
  await session.release();
  return samples;
}

/** Chromium: the app's tts worker, a fresh one per thread count. */
async function browserSamples(page: Page, text: string, threads: number): Promise<Sample[]> {
  return page.evaluate(`(async () => {
    kianaRestartSpeaker();
    const client = kianaSpeaker();
    const voice = kianaVoices().voices.find((v) => v.voice === ${JSON.stringify(VOICE)});
    await client.call('tts.load', { voice, threads: ${threads} }, { timeoutMs: 300000 });
    const samples = [];
    for (let r = 0; r < ${RUNS + 1}; r++) {
      const started = performance.now();
      const { sentences } = await client.call('tts.phonemize', { text: ${JSON.stringify(text)} });
      let firstMs = 0, synthMs = 0, audio = 0;
      for (let i = 0; i < sentences.length; i++) {
        const a = await client.call('tts.synthesize', { phonemes: sentences[i], speed: 1 }, { timeoutMs: 300000 });
        synthMs += a.ms;
        audio += a.samples.length / a.sampleRate;
        if (i === 0) firstMs = performance.now() - started;
      }
      if (r > 0) samples.push({ firstMs, perSecondMs: synthMs / audio });
    }
    return samples;
  })()`);
}

const NODE = 'same espeak-ng WASM + onnxruntime-node, same voice file';

async function measure(page: Page, dir: string): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const [name, text] of [
    ['one sentence', ONE],
    ['five sentences', FIVE],
  ] as const) {
    for (const threads of [1, 2]) {
      const node = await nodeSamples(dir, text, threads);
      const ours = await browserSamples(page, text, threads);
      const slug = `${name === 'one sentence' ? 's1' : 's5'}.t${threads}`;
      const t = `WASM ${threads} thread${threads > 1 ? 's' : ''}`;
      figures.push(
        {
          id: `tts.first-audio.${slug}`,
          label: `time to first audio, ${name}, Piper-medium-shaped, ${t}`,
          runtime: 'chromium',
          ours: ours.map((s) => s.firstMs),
          baselineLabel: `${NODE}, ${threads} thread${threads > 1 ? 's' : ''}`,
          baseline: node.map((s) => s.firstMs),
        },
        {
          id: `tts.rtf.${slug}`,
          label: `synthesis ms per second of audio (RTF × 1000), ${name}, ${t}`,
          runtime: 'chromium',
          ours: ours.map((s) => s.perSecondMs),
          baselineLabel: `${NODE}, ${threads} thread${threads > 1 ? 's' : ''}`,
          baseline: node.map((s) => s.perSecondMs),
        },
      );
    }
  }
  return figures;
}

export const ttsArea: Area = {
  name: 'tts',
  run: () =>
    withModelsPage('tts', async (page, dir) => {
      await page.waitForFunction(() => 'kianaVoices' in globalThis);
      await page.evaluate(`(async () => {
        const voices = kianaVoices();
        await voices.refresh();
        const entry = voices.voices.find((v) => v.voice === ${JSON.stringify(VOICE)});
        await voices.download(entry);
        const status = voices.statusOf(entry);
        if (status.phase !== 'ready') throw new Error('download failed: ' + String(status.error));
      })()`);
      return measure(page, dir);
    }),
};
