/**
 * The speech-to-text worker's handlers: the implementation of `sttContract`
 * (src/core/api/stt.ts), which declares and checks every call's arguments.
 */
import type { SttContract, SttLoadInfo } from '../src/core/api/stt.ts';
import type { Handlers } from '../src/core/api/contract.ts';
import { defaultThreads } from './embed/engine.ts';
import type { SttEngine } from './stt/engine.ts';

/** Builds the handlers over one engine. */
export function createSttHandlers(engine: SttEngine): Handlers<SttContract> {
  let loading: Promise<SttLoadInfo> | null = null;
  return {
    'stt.load': ({ model, threads, build }) => {
      // Loads queue behind each other: a second load never races the first's session.
      const run = (loading ?? Promise.resolve(null))
        .catch(() => null)
        .then(() => engine.load(model, threads ?? defaultThreads(), build));
      loading = run;
      return run;
    },
    'stt.transcribe': async ({ audio, language, maxNewTokens }, ctx) => {
      await loading?.catch(() => undefined);
      return engine.transcribe(audio, language, maxNewTokens, ctx.signal, (p) => ctx.progress(p));
    },
    'stt.unload': async () => {
      loading = null;
      await engine.unload();
    },
  };
}
