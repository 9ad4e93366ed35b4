/**
 * The main thread's handle on the embed worker (one per tab, started on first use). A crashed
 * worker fails every pending call with `worker-crashed`, and the next use starts a new one.
 */
import { KianaError } from '../core/errors.ts';
import { RpcClient } from '../../workers/rpc.ts';
import type { EmbedHandlers } from '../../workers/embed.handlers.ts';

export type EmbedClient = RpcClient<EmbedHandlers>;

let client: EmbedClient | null = null;

/** The embed worker's client, created on first use. */
export function getEmbedder(): EmbedClient {
  if (client) return client;
  const worker = new Worker(new URL('../../workers/embed.worker.ts', import.meta.url), {
    type: 'module',
    name: 'kiana-embed',
  });
  const created = new RpcClient<EmbedHandlers>(worker);
  worker.addEventListener('error', (event) => {
    created.fail(new KianaError('worker-crashed', `embed worker: ${event.message}`));
    if (client === created) client = null;
  });
  client = created;
  return created;
}

// Browser tests reach the worker as `kianaEmbedder()`, as they reach the store (see store-client).
(globalThis as { kianaEmbedder?: () => EmbedClient }).kianaEmbedder = getEmbedder;
