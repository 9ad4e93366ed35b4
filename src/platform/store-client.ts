/**
 * The main thread's handle on the store worker. One worker per tab for now; [storage] and the
 * tab election later route other tabs of the same browser to a single owner.
 */
import { KianaError } from '../core/errors.ts';
import { RpcClient } from '../../workers/rpc.ts';
import type { StoreEvents, StoreHandlers } from '../../workers/store.handlers.ts';

export type StoreClient = RpcClient<StoreHandlers, StoreEvents>;

let store: StoreClient | null = null;

/** Starts the store worker and wires a crash into a coded failure of every call. */
function createStore(): StoreClient {
  const worker = new Worker(new URL('../../workers/store.worker.ts', import.meta.url), {
    type: 'module',
  });
  const client: StoreClient = new RpcClient<StoreHandlers, StoreEvents>(worker);
  worker.addEventListener('error', (event) => {
    // A worker `error` event means a script error the worker could not handle (often a failed
    // module load): we cannot trust it any more, so fail its calls and start afresh next time.
    client.fail(
      new KianaError('worker-crashed', event.message || 'the store worker stopped', {
        cause: event.error,
      }),
    );
    worker.terminate();
    if (store === client) store = null;
  });
  worker.addEventListener('messageerror', (event) => {
    console.warn('[store] a message from the worker could not be deserialized', event);
  });
  return client;
}

/** The store worker's client, created on first use. */
export function getStore(): StoreClient {
  store ??= createStore();
  return store;
}
