/**
 * A worker started on first use and replaced after a crash, for any contract: the crashed
 * worker's pending calls fail with `worker-crashed`, the next use starts a new one, and
 * `generation()` tells callers that a model they loaded went with the old worker.
 */
import { KianaError } from '@kiana/shared/errors';
import type { Contract, EventMap } from '../core/api/contract.ts';
import { RpcClient } from '../core/api/rpc.ts';

export interface WorkerHandle<C extends Contract, E extends EventMap = EventMap> {
  /** The worker's client, started on first use. */
  client(): RpcClient<C, E>;
  /** Counts the workers started so far: a model loaded under another number is not loaded. */
  generation(): number;
  /** Ends the worker (pending calls fail with `cancelled`); the next use starts a new one. */
  restart(): void;
}

/** `spawn` must hold the literal `new Worker(new URL(...))` so that Vite bundles the worker. */
export function workerHandle<C extends Contract, E extends EventMap = EventMap>(
  name: string,
  spawn: () => Worker,
): WorkerHandle<C, E> {
  let current: { client: RpcClient<C, E>; worker: Worker } | null = null;
  let generation = 0;
  return {
    client(): RpcClient<C, E> {
      if (current) return current.client;
      const worker = spawn();
      const created = { client: new RpcClient<C, E>(worker), worker };
      worker.addEventListener('error', (event) => {
        created.client.fail(new KianaError('worker-crashed', `${name} worker: ${event.message}`));
        if (current === created) current = null;
      });
      current = created;
      generation++;
      return created.client;
    },
    generation: () => generation,
    restart(): void {
      current?.client.fail(new KianaError('cancelled', `the ${name} worker was restarted`));
      current?.worker.terminate();
      current = null;
    },
  };
}
