/**
 * The main thread's handle on the speech-to-text worker (one per tab, started on first use,
 * replaced after a crash; see worker-handle.ts).
 */
import type { RpcClient } from '../core/api/rpc.ts';
import type { SttContract } from '../core/api/stt.ts';
import { workerHandle, type WorkerHandle } from './worker-handle.ts';

export type SttClient = RpcClient<SttContract>;
export type SttWorker = WorkerHandle<SttContract>;

export function createSttWorker(): SttWorker {
  return workerHandle<SttContract>(
    'stt',
    () =>
      new Worker(new URL('../../workers/stt.worker.ts', import.meta.url), {
        type: 'module',
        name: 'kiana-stt',
      }),
  );
}
