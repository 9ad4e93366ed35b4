/**
 * The stt worker's handlers behind their contract checks (bindHandlers), over the real engine
 * before any model is loaded: the language is never left to Whisper's English default, the
 * audio must be samples, a model must be a speech model, and transcribing without a model says
 * `model-missing`. Transcriptions queue: one runs at a time (partials and the final share the
 * model), and one cancelled while it waits never starts.
 */
import { describe, expect, it } from 'vitest';
import { bindHandlers } from '../../../src/core/api/contract.ts';
import { sttContract, type Transcript } from '../../../src/core/api/stt.ts';
import { KianaError } from '@kiana/shared/errors';
import { createSttHandlers } from '../../../workers/stt.handlers.ts';
import { SttEngine } from '../../../workers/stt/engine.ts';

const stt = bindHandlers(sttContract, createSttHandlers(new SttEngine()));
const audio = new Float32Array(16_000);

describe('stt worker contract', () => {
  it('refuses a missing or unsupported language instead of guessing English', async () => {
    await expect(stt['stt.transcribe']({ audio })).rejects.toMatchObject({ code: 'bad-message' });
    await expect(stt['stt.transcribe']({ audio, language: 'fr' })).rejects.toMatchObject({
      code: 'bad-message',
      message: expect.stringContaining('language') as string,
    });
  });

  it('refuses audio that is not 16 kHz float samples, and a model that is not for speech', async () => {
    await expect(stt['stt.transcribe']({ audio: [0, 0.1], language: 'de' })).rejects.toMatchObject({
      code: 'bad-message',
    });
    const embedding = {
      id: 'Xenova/all-MiniLM-L6-v2',
      name: 'x',
      task: 'feature-extraction',
      revision: 'r1',
      dtype: 'q8',
      files: [{ path: 'config.json', bytes: 1, sha256: null }],
      license: 'x',
      languages: ['en'],
      dims: 384,
      maxTokens: 256,
    };
    await expect(stt['stt.load']({ model: embedding })).rejects.toMatchObject({
      code: 'bad-message',
      message: expect.stringContaining('speech model') as string,
    });
  });

  it('says model-missing when asked to transcribe before a model is loaded', async () => {
    await expect(stt['stt.transcribe']({ audio, language: 'de' })).rejects.toMatchObject({
      code: 'model-missing',
    });
  });
});

describe('stt worker queue', () => {
  function gatedEngine() {
    const started: number[] = [];
    const gates: (() => void)[] = [];
    const engine = {
      load: () => Promise.reject(new Error('not used')),
      unload: () => Promise.resolve(),
      transcribe: (samples: Float32Array) => {
        started.push(samples.length);
        return new Promise<Transcript>((resolve) =>
          gates.push(() =>
            resolve({
              text: String(samples.length),
              segments: [],
              language: 'de',
              audioSeconds: 0,
              speechSeconds: 0,
              dropped: [],
            }),
          ),
        );
      },
    };
    return { engine, started, gates };
  }
  const ctx = (signal = new AbortController().signal) => ({ signal, progress: () => undefined });

  it('runs one transcription at a time, in order, and never starts one cancelled while it waited', async () => {
    const { engine, started, gates } = gatedEngine();
    const bound = bindHandlers(sttContract, createSttHandlers(engine));
    const first = bound['stt.transcribe']({ audio: new Float32Array(1), language: 'de' }, ctx());
    const cancel = new AbortController();
    const second = bound['stt.transcribe'](
      { audio: new Float32Array(2), language: 'de' },
      ctx(cancel.signal),
    );
    const third = bound['stt.transcribe']({ audio: new Float32Array(3), language: 'en' }, ctx());
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual([1]);
    cancel.abort(new KianaError('cancelled', 'superseded'));
    gates[0]?.();
    await expect(first).resolves.toMatchObject({ text: '1' });
    await expect(second).rejects.toMatchObject({ code: 'cancelled' });
    await expect.poll(() => started).toEqual([1, 3]);
    gates[1]?.();
    await expect(third).resolves.toMatchObject({ text: '3' });
  });
});
