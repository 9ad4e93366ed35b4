/**
 * The store worker: SQLite on OPFS (or IndexedDB), next to the data it reads. Exactly one runs
 * per browser, started by the tab holding the `kiana-store-owner` Web Lock. That tab talks to it
 * directly; once the database is open, the worker also serves the other tabs over the
 * `kiana-store` BroadcastChannel (store/serve-store.ts).
 */
/// <reference lib="webworker" />
import { storeTestContract } from '../src/core/api/store-test.ts';
import { STORE_CHANNEL } from '../src/core/api/store-channel.ts';
import { StoreHost } from './store/host.ts';
import { openStore } from './store/open.ts';
import { serveStore } from './store/serve-store.ts';
import { createStoreTestHandlers } from './store/test-handlers.ts';

// A test build adds the methods of store-test.ts; in production the condition is false and they
// are not bundled (see vite.config.ts).
const host = new StoreHost(openStore);
const extra = __KIANA_TEST__
  ? { contract: storeTestContract, handlers: createStoreTestHandlers(host) }
  : null;
serveStore(self, host, () => new BroadcastChannel(STORE_CHANNEL), { extra });
