/**
 * A tab's handle on one kind of model worker, started on first use. A crashed worker fails every
 * pending call with `worker-crashed`, and the next use starts a new one; `generation()` tells
 * callers that a model they loaded is gone with the old worker.
 */
import { KianaError } from '@kiana/shared/errors';
import type { Contract } from '../core/api/contract.ts';
import { RpcClient } from '../core/api/rpc.ts';

export interface WorkerHandle<C extends Contract> {
  /** The worker's client, started on first use. */
  client(): RpcClient<C>;
  /** Counts the workers started so far: a model loaded under another number is not loaded. */
  generation(): number;
  /**
   * Ends the worker and its model (pending calls fail with `cancelled`); the next use starts a
   * new one. onnxruntime-web fixes its thread count per worker, so a different count needs this.
   */
  restart(): void;
}

/**
 * `spawn` creates the worker; it is a function so that each caller keeps Vite's literal
 * `new Worker(new URL('…', import.meta.url))`, which is how the worker gets bundled.
 */
export function createWorkerHandle<C extends Contract>(
  label: string,
  spawn: () => Worker,
): WorkerHandle<C> {
  let current: { client: RpcClient<C>; worker: Worker } | null = null;
  let generation = 0;
  return {
    client(): RpcClient<C> {
      if (current) return current.client;
      const worker = spawn();
      const created = { client: new RpcClient<C>(worker), worker };
      worker.addEventListener('error', (event) => {
        created.client.fail(new KianaError('worker-crashed', `${label} worker: ${event.message}`));
        if (current === created) current = null;
      });
      current = created;
      generation++;
      return created.client;
    },
    generation: () => generation,
    restart(): void {
      current?.client.fail(new KianaError('cancelled', `the ${label} worker was restarted`));
      current?.worker.terminate();
      current = null;
    },
  };
}
