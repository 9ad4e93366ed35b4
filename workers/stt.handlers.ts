/**
 * The speech-to-text worker's handlers: the implementation of `sttContract`
 * (src/core/api/stt.ts), which declares and checks every call's arguments.
 */
import type { SttContract, SttLoadInfo } from '../src/core/api/stt.ts';
import type { Handlers } from '../src/core/api/contract.ts';
import { defaultThreads } from './embed/engine.ts';
import type { SttEngine } from './stt/engine.ts';

/** Builds the handlers over one engine. */
export function createSttHandlers(
  engine: Pick<SttEngine, 'load' | 'transcribe' | 'unload'>,
): Handlers<SttContract> {
  let loading: Promise<SttLoadInfo> | null = null;
  // One transcription at a time: partial texts while recording and the final one share the
  // model, and two generations interleaved would only both be slower. A call cancelled while
  // it waits never starts.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    'stt.load': ({ model, threads, build }) => {
      // Loads queue behind each other: a second load never races the first's session.
      const run = (loading ?? Promise.resolve(null))
        .catch(() => null)
        .then(() => engine.load(model, threads ?? defaultThreads(), build));
      loading = run;
      return run;
    },
    'stt.transcribe': ({ audio, language, maxNewTokens }, ctx) => {
      const run = queue
        .catch(() => undefined)
        .then(async () => {
          ctx.signal.throwIfAborted();
          await loading?.catch(() => undefined);
          return engine.transcribe(audio, language, maxNewTokens, ctx.signal, (p) =>
            ctx.progress(p),
          );
        });
      queue = run;
      return run;
    },
    'stt.unload': async () => {
      loading = null;
      await engine.unload();
    },
  };
}
