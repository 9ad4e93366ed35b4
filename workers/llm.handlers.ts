/**
 * The llm worker's handlers: the implementation of `llmContract` (src/core/api/llm.ts), which
 * declares and checks every call's arguments. Calls run one after another (one model, one
 * generation at a time); a stopped answer ends at its next token, so the next question waits
 * at most that long.
 */
import type { LlmContract } from '../src/core/api/llm.ts';
import type { Handlers } from '../src/core/api/contract.ts';
import { defaultThreads } from './embed/engine.ts';
import type { LlmEngine } from './llm/engine.ts';

export function createLlmHandlers(engine: LlmEngine): Handlers<LlmContract> {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.catch(() => undefined).then(work);
    queue = run;
    return run;
  };
  return {
    'llm.load': ({ model, threads, build }) =>
      serial(() => engine.load(model, threads ?? defaultThreads(), build)),
    'llm.answer': (request, ctx) =>
      serial(() => engine.answer(request, ctx.signal, (p) => ctx.progress(p))),
    // Not queued: it must reach the generation that runs now.
    'llm.stop': () => engine.stop(),
    'llm.unload': () => serial(() => engine.unload()),
  };
}
