/**
 * The main thread's handle on the embed worker (one per tab, started on first use). A crashed
 * worker fails every pending call with `worker-crashed`, and the next use starts a new one;
 * `generation()` tells callers that a model they loaded is gone with the old worker.
 */
import type { EmbedContract } from '../core/api/embed.ts';
import type { RpcClient } from '../core/api/rpc.ts';
import { workerHandle, type WorkerHandle } from './worker-handle.ts';

export type EmbedClient = RpcClient<EmbedContract>;

/**
 * This tab's embed worker; the composition root makes one. `restart()` ends the worker and its
 * model: onnxruntime-web fixes its thread count per worker, so a different count needs it.
 */
export type Embedder = WorkerHandle<EmbedContract>;

export function createEmbedder(): Embedder {
  return workerHandle<EmbedContract>(
    'embed',
    () =>
      new Worker(new URL('../../workers/embed.worker.ts', import.meta.url), {
        type: 'module',
        name: 'kiana-embed',
      }),
  );
}
