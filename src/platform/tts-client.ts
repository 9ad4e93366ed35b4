/** The main thread's handle on the tts worker (one per tab, started when something is read aloud). */
import type { RpcClient } from '../core/api/rpc.ts';
import type { TtsContract } from '../core/api/tts.ts';
import { workerHandle, type WorkerHandle } from './worker-handle.ts';

export type TtsClient = RpcClient<TtsContract>;
export type Speaker = WorkerHandle<TtsContract>;

export function createSpeaker(): Speaker {
  return workerHandle<TtsContract>(
    'tts',
    () =>
      new Worker(new URL('../../workers/tts.worker.ts', import.meta.url), {
        type: 'module',
        name: 'kiana-tts',
      }),
  );
}
