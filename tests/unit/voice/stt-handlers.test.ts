/**
 * The stt worker's handlers behind their contract checks (bindHandlers), over the real engine
 * before any model is loaded: the language is never left to Whisper's English default, the
 * audio must be samples, a model must be a speech model, and transcribing without a model says
 * `model-missing`.
 */
import { describe, expect, it } from 'vitest';
import { bindHandlers } from '../../../src/core/api/contract.ts';
import { sttContract } from '../../../src/core/api/stt.ts';
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
