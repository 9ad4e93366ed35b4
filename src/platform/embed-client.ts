/**
 * The main thread's handle on the embed worker (one per tab, started on first use; see
 * worker-handle.ts for crashes and restarts).
 */
import type { EmbedContract } from '../core/api/embed.ts';
import type { RpcClient } from '../core/api/rpc.ts';
import { createWorkerHandle, type WorkerHandle } from './worker-handle.ts';

export type EmbedClient = RpcClient<EmbedContract>;

/** This tab's embed worker, started on first use; the composition root makes one. */
export type Embedder = WorkerHandle<EmbedContract>;

export function createEmbedder(): Embedder {
  return createWorkerHandle<EmbedContract>(
    'embed',
    () =>
      new Worker(new URL('../../workers/embed.worker.ts', import.meta.url), {
        type: 'module',
        name: 'kiana-embed',
      }),
  );
}
