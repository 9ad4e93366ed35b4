/**
 * The store worker: SQLite on OPFS (or IndexedDB), next to the data it reads. Exactly one runs
 * per browser, started by the tab holding the `kiana-store-owner` Web Lock. That tab talks to it
 * directly; once the database is open, the worker also serves the other tabs over the
 * `kiana-store` BroadcastChannel and pushes `memories.changed` to all of them.
 */
/// <reference lib="webworker" />
import { serve } from './rpc.ts';
import { storeHandlers, storeHost, type StoreEvents } from './store.handlers.ts';
import { STORE_CHANNEL, randomId } from './store/channel.ts';
import { serveRelay } from './store/relay.ts';
import { storeTestHandlers } from './store/test-handlers.ts';

// A test build adds `echo` and `wait`; in production the condition is false and they are not
// bundled (see vite.config.ts).
const handlers = __KIANA_TEST__ ? { ...storeHandlers, ...storeTestHandlers } : storeHandlers;
const direct = serve<StoreEvents>(self, handlers);

// A fresh id per worker: a tab that sent requests to an earlier owner sees the new id in `hello`
// and sends its unanswered requests again.
const leader = randomId();
let relay: ReturnType<typeof serveRelay> | null = null;

storeHost.onChange = (change) => {
  direct.emit('memories.changed', change);
  relay?.emit('memories.changed', change);
};
// Sync bytes go to every tab: whichever runs the mesh carries them, the others ignore them.
storeHost.onSyncSend = (peer, bytes) => {
  direct.emit('sync.send', { peer, bytes });
  relay?.emit('sync.send', { peer, bytes });
};
storeHost.onChainChanged = () => {
  direct.emit('chain.changed', { at: Date.now() });
  relay?.emit('chain.changed', { at: Date.now() });
};

// Only the owning tab sends `db.open`, so only its worker joins the channel. A worker started
// for another purpose (a benchmark's echo) never answers other tabs. It joins when the open
// starts, so other tabs wait for the open or learn why it failed.
storeHost.onFirstOpen = () => {
  relay = serveRelay(new BroadcastChannel(STORE_CHANNEL), leader, handlers);
  relay.announce();
};
storeHost.onReady = () => direct.emit('ready', { at: Date.now() });
