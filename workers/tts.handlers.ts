/**
 * The tts worker's handlers: the implementation of `ttsContract` (src/core/api/tts.ts), which
 * declares and checks every call's arguments.
 */
import type { TtsContract } from '../src/core/api/tts.ts';
import { Transfer, type Handlers } from '../src/core/api/contract.ts';
import { defaultThreads, type TtsEngine } from './tts/engine.ts';

export function createTtsHandlers(engine: TtsEngine): Handlers<TtsContract> {
  // Calls run one after another: a load finishes before a sentence uses its voice.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.catch(() => undefined).then(work);
    queue = run;
    return run;
  };
  return {
    'tts.load': ({ voice, threads }) =>
      serial(() => engine.load(voice, threads ?? defaultThreads())),
    'tts.phonemize': ({ text }) =>
      serial(async () => {
        const started = performance.now();
        const sentences = await engine.phonemize(text);
        return { sentences, ms: performance.now() - started };
      }),
    'tts.synthesize': ({ phonemes, speed }, ctx) =>
      serial(async () => {
        ctx.signal.throwIfAborted();
        const audio = await engine.synthesize(phonemes, speed);
        return new Transfer(audio, [audio.samples.buffer]);
      }),
    'tts.unload': () => serial(() => engine.unload()),
  };
}
