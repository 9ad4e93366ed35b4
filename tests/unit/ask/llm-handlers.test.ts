/**
 * The llm worker's handlers behind their contract checks (bindHandlers), over the real engine
 * before any model is loaded: the language must be de or en, a model must be a text-generation
 * model, the stop flag must be shared memory, sources are capped, and answering without a model
 * says `llm-missing`; `llm.stop` with nothing running is harmless.
 */
import { describe, expect, it } from 'vitest';
import { bindHandlers } from '../../../src/core/api/contract.ts';
import { llmContract, MAX_SOURCES } from '../../../src/core/api/llm.ts';
import { createLlmHandlers } from '../../../workers/llm.handlers.ts';
import { LlmEngine } from '../../../workers/llm/engine.ts';

const llm = bindHandlers(llmContract, createLlmHandlers(new LlmEngine()));
const question = {
  question: 'When?',
  sources: [{ id: 'm1', text: 'Tuesday' }],
  history: [],
  lang: 'en',
};

describe('llm worker contract', () => {
  it('refuses a language other than de and en, too many sources and a stop flag that is not shared', async () => {
    await expect(llm['llm.answer']({ ...question, lang: 'fr' })).rejects.toMatchObject({
      code: 'bad-message',
    });
    const many = Array.from({ length: MAX_SOURCES + 1 }, (_, i) => ({ id: `m${i}`, text: 'x' }));
    await expect(llm['llm.answer']({ ...question, sources: many })).rejects.toMatchObject({
      code: 'bad-message',
    });
    await expect(llm['llm.answer']({ ...question, stop: new Int32Array(1) })).rejects.toMatchObject(
      {
        code: 'bad-message',
        message: expect.stringContaining('shared') as string,
      },
    );
  });

  it('refuses a model that is not for text generation', async () => {
    const speech = {
      id: 'onnx-community/whisper-tiny',
      name: 'x',
      task: 'automatic-speech-recognition',
      revision: 'r1',
      dtype: 'q8',
      files: [{ path: 'config.json', bytes: 1, sha256: null }],
      license: 'x',
      languages: ['en'],
      dims: 384,
      maxTokens: 448,
    };
    await expect(llm['llm.load']({ model: speech })).rejects.toMatchObject({
      code: 'bad-message',
      message: expect.stringContaining('text-generation') as string,
    });
  });

  it('says llm-missing when asked before a model is loaded, and a stop with nothing running is harmless', async () => {
    await expect(llm['llm.stop'](undefined)).resolves.toBeUndefined();
    await expect(
      llm['llm.answer']({ ...question, stop: new Int32Array(new SharedArrayBuffer(4)) }),
    ).rejects.toMatchObject({ code: 'llm-missing' });
  });
});
