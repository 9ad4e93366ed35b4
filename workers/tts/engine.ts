/**
 * A Piper voice on onnxruntime-web (its plain WASM build, the one the model manager stored for
 * the embed worker), phonemes from espeak-ng in WASM. One session per loaded voice, reused for
 * every sentence; loading another voice replaces it. Knows nothing of messages.
 */
import * as ort from 'onnxruntime-web/wasm';
import plainMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import plainWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import espeakWasmUrl from 'espeak-ng/dist/espeak-ng.wasm?url';
import { KianaError } from '@kiana/shared/errors';
import type { SpeechAudio, VoiceInfo } from '../../src/core/api/tts.ts';
import { PHONEMIZER_PATH, phonemizerOwner } from '../../src/core/models/phonemizer.ts';
import { RUNTIME_PATH, runtimeOwner } from '../../src/core/models/runtime.ts';
import {
  voiceConfigPath,
  voiceKey,
  voiceModelPath,
  type VoiceEntry,
} from '../../src/core/models/voices.ts';
import { phonemeIds } from '../../src/core/speech/phoneme-ids.ts';
import { parseVoiceConfig, type VoiceConfig } from '../../src/core/speech/voice-config.ts';
import { verifiedFile } from '../embed/opfs-cache.ts';
import { Phonemizer } from './phonemizer.ts';

const here = (url: string) => new URL(url, self.location.href).href;

async function stored(owner: { id: string; revision: string }, path: string, what: string) {
  const blob = await verifiedFile(owner, path);
  if (!blob) throw new KianaError('voice-missing', `${what} is not downloaded`);
  return blob;
}

/** onnxruntime-web reads its settings at the first session of a worker only. */
let runtimeThreads: number | null = null;

async function configureRuntime(threads: number): Promise<void> {
  if (runtimeThreads !== null) return;
  const wasm = ort.env.wasm;
  wasm.wasmBinary = await (
    await stored(
      runtimeOwner('plain', here(plainWasmUrl)),
      RUNTIME_PATH,
      'the onnxruntime-web build',
    )
  ).arrayBuffer();
  wasm.wasmPaths = { mjs: here(plainMjsUrl), wasm: here(plainWasmUrl) };
  wasm.numThreads = threads;
  wasm.proxy = false;
  runtimeThreads = threads;
}

export function defaultThreads(): number {
  if (!self.crossOriginIsolated) return 1;
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
}

export class TtsEngine {
  readonly #phonemizer = new Phonemizer(async () =>
    (
      await stored(phonemizerOwner(here(espeakWasmUrl)), PHONEMIZER_PATH, 'espeak-ng')
    ).arrayBuffer(),
  );
  #loaded: {
    voice: VoiceEntry;
    config: VoiceConfig;
    session: ort.InferenceSession;
    info: VoiceInfo;
  } | null = null;

  get voice(): VoiceEntry | null {
    return this.#loaded?.voice ?? null;
  }

  async load(voice: VoiceEntry, threads: number): Promise<VoiceInfo> {
    const key = voiceKey(voice);
    if (this.#loaded?.info.voice === key) return this.#loaded.info;
    const started = performance.now();
    const owner = { id: voice.id, revision: voice.revision };
    const configBlob = await stored(owner, voiceConfigPath(voice), `voice ${voice.name}`);
    const modelBlob = await stored(owner, voiceModelPath(voice), `voice ${voice.name}`);
    let config: VoiceConfig;
    try {
      config = parseVoiceConfig(JSON.parse(await configBlob.text()));
    } catch (error) {
      if (error instanceof KianaError) throw error;
      throw new KianaError('voice-invalid', `voice config is not JSON: ${String(error)}`);
    }
    await configureRuntime(threads);
    await this.unload();
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(new Uint8Array(await modelBlob.arrayBuffer()), {
        executionProviders: ['wasm'],
        extra: { session: { intra_op: { allow_spinning: '0' } } },
      });
    } catch (error) {
      throw new KianaError('model-load', `voice ${voice.name}: ${String(error)}`, { cause: error });
    }
    for (const name of ['input', 'input_lengths', 'scales']) {
      if (!session.inputNames.includes(name)) {
        await session.release();
        throw new KianaError('voice-invalid', `voice ${voice.name} has no input "${name}"`);
      }
    }
    const info: VoiceInfo = {
      voice: key,
      sampleRate: config.sampleRate,
      threads: runtimeThreads ?? threads,
      loadMs: performance.now() - started,
    };
    this.#loaded = { voice, config, session, info };
    return info;
  }

  #require() {
    if (!this.#loaded) throw new KianaError('voice-missing', 'no voice loaded');
    return this.#loaded;
  }

  phonemize(text: string): Promise<string[]> {
    return this.#phonemizer.sentences(text, this.#require().config.espeakVoice);
  }

  /** One sentence of phonemes to samples; `speed` 2 speaks twice as fast. */
  async synthesize(phonemes: string, speed: number): Promise<SpeechAudio> {
    const { config, session } = this.#require();
    const started = performance.now();
    const { ids, missing } = phonemeIds(phonemes, config.idMap);
    const feeds: Record<string, ort.Tensor> = {
      input: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
      input_lengths: new ort.Tensor('int64', BigInt64Array.of(BigInt(ids.length)), [1]),
      scales: new ort.Tensor(
        'float32',
        Float32Array.of(config.noiseScale, config.lengthScale / speed, config.noiseW),
        [3],
      ),
    };
    if (config.speakers > 1 && session.inputNames.includes('sid')) {
      feeds.sid = new ort.Tensor('int64', BigInt64Array.of(0n), [1]);
    }
    const result = await session.run(feeds);
    const output = result.output;
    if (!output || output.type !== 'float32') {
      throw new KianaError('voice-invalid', 'the voice returned no float32 "output"');
    }
    // A copy the size of the audio: the tensor's buffer may be a view into onnxruntime's heap.
    const samples = new Float32Array(output.data as Float32Array);
    output.dispose();
    return { samples, sampleRate: config.sampleRate, missing, ms: performance.now() - started };
  }

  async unload(): Promise<void> {
    const loaded = this.#loaded;
    this.#loaded = null;
    await loaded?.session.release();
  }
}
