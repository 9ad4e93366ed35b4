/** The main thread's handle on the llm worker (one per tab, started when something is asked). */
import type { RpcClient } from '../core/api/rpc.ts';
import type { LlmContract } from '../core/api/llm.ts';
import { workerHandle, type WorkerHandle } from './worker-handle.ts';

export type LlmClient = RpcClient<LlmContract>;
export type LlmWorker = WorkerHandle<LlmContract>;

export function createLlmWorker(): LlmWorker {
  return workerHandle<LlmContract>(
    'llm',
    () =>
      new Worker(new URL('../../workers/llm.worker.ts', import.meta.url), {
        type: 'module',
        name: 'kiana-llm',
      }),
  );
}
