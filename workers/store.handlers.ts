/**
 * The store worker's handlers: the implementation of `storeContract` (src/core/api/store.ts),
 * which declares and checks every call's arguments before a handler here runs.
 */
import type { Handlers } from '../src/core/api/contract.ts';
import { Transfer } from '../src/core/api/contract.ts';
import type { StoreContract } from '../src/core/api/store.ts';
import { probeCapabilities } from './capabilities.ts';
import { StoreHost } from './store/host.ts';
import { createMessageHandlers } from './store/message-handlers.ts';
import { createVectorHandlers } from './store/vector-handlers.ts';

/** Builds the handlers over a store host (tests pass their own). */
export function createStoreHandlers(host: StoreHost): Handlers<StoreContract> {
  const store = () => host.service();
  return {
    info: () => probeCapabilities(),

    'db.open': (args) => host.open(args),
    'db.stats': async () => (await store()).stats(),
    'db.export': async () => {
      const bytes = await (await store()).exportBytes();
      const buffer = bytes.buffer as ArrayBuffer;
      return new Transfer(buffer, [buffer]);
    },
    'db.import': async ({ bytes }, ctx) =>
      (await store()).importBytes(bytes, (p) => ctx.progress(p)),

    'memories.put': async (args) => (await store()).put(args),
    'memories.bulkPut': async ({ items }) => (await store()).putMany(items),
    'memories.edit': async (args) => (await store()).edit(args),
    'memories.delete': async ({ id }) => (await store()).setDeleted(id, true),
    'memories.undelete': async ({ id, text, tags }) =>
      (await store()).setDeleted(
        id,
        false,
        text === undefined ? undefined : { text, tags: tags ?? [] },
      ),
    'memories.get': async (args) => (await store()).get(args),
    'memories.list': async (args) => (await store()).list(args),
    'memories.count': async (args) => (await store()).count(args),
    'memories.search': async (args, ctx) => (await store()).search(args, ctx.signal),

    'chain.info': async () => (await store()).chainInfo(),
    'chain.addDevice': async (device) => (await store()).addDevice(device),
    'chain.removeDevice': async ({ peer }) => (await store()).removeDevice(peer),
    'sync.open': async ({ peer }) => (await store()).syncOpen(peer),
    'sync.receive': async ({ peer, bytes }) => (await store()).syncReceive(peer, bytes),
    'sync.close': async ({ peer }) => (await store()).syncClose(peer),
    ...createVectorHandlers(store),
    ...createMessageHandlers(store),
  };
}
