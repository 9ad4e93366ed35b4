/**
 * The main thread's handle on the embed worker (one per tab, started on first use). A crashed
 * worker fails every pending call with `worker-crashed`, and the next use starts a new one;
 * `generation()` tells callers that a model they loaded is gone with the old worker.
 */
import { KianaError } from '@kiana/shared/errors';
import type { EmbedContract } from '../core/api/embed.ts';
import { RpcClient } from '../core/api/rpc.ts';

export type EmbedClient = RpcClient<EmbedContract>;

/** This tab's embed worker, started on first use; the composition root makes one. */
export interface Embedder {
  /** The embed worker's client, started on first use. */
  client(): EmbedClient;
  /** Counts the workers started so far: a model loaded under another number is not loaded. */
  generation(): number;
  /**
   * Ends the worker and its model (pending calls fail with `cancelled`); the next use starts a
   * new one. onnxruntime-web fixes its thread count per worker, so a different count needs this.
   */
  restart(): void;
}

export function createEmbedder(): Embedder {
  let current: { client: EmbedClient; worker: Worker } | null = null;
  let generation = 0;
  return {
    client(): EmbedClient {
      if (current) return current.client;
      const worker = new Worker(new URL('../../workers/embed.worker.ts', import.meta.url), {
        type: 'module',
        name: 'kiana-embed',
      });
      const created = { client: new RpcClient<EmbedContract>(worker), worker };
      worker.addEventListener('error', (event) => {
        created.client.fail(new KianaError('worker-crashed', `embed worker: ${event.message}`));
        if (current === created) current = null;
      });
      current = created;
      generation++;
      return created.client;
    },
    generation: () => generation,
    restart(): void {
      current?.client.fail(new KianaError('cancelled', 'the embed worker was restarted'));
      current?.worker.terminate();
      current = null;
    },
  };
}
