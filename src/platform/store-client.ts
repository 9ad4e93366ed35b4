/**
 * The main thread's handle on the store. All tabs of a browser share one store worker: the tab
 * holding the owner Web Lock runs it, the others reach it through a BroadcastChannel, and a new
 * owner takes over without losing a call when the owning tab closes (src/platform/store-leader.ts).
 */
import type { RpcClient } from '../core/api/rpc.ts';
import type { StoreContract, StoreEvents } from '../core/api/store.ts';
import { getDb } from './db.ts';
import { connectStore, vfsFromUrl } from './store-leader.ts';

export type StoreClient = RpcClient<StoreContract, StoreEvents>;

/**
 * Joins this tab to the browser's store; `?vfs=idb` forces the IndexedDB fallback (tests). The
 * composition root (src/app/app.ts) calls it once, on first use.
 */
export function createStore(): StoreClient {
  return connectStore({
    // Loaded lazily: libsodium is large and only the owning tab needs the identity, once.
    identity: async () => {
      const { keys, displayName } = await (await import('./identity.ts')).loadIdentity();
      const identity = {
        signPublicKey: keys.signPublicKey,
        signSecretKey: keys.signSecretKey,
        boxPublicKey: keys.boxPublicKey,
        name: displayName,
      };
      return { device: keys.deviceId, identity };
    },
    // Opening the app's IndexedDB database (which every tab uses for settings anyway) fails
    // where the browser refuses storage.
    storage: async () => {
      await getDb().open();
    },
    vfs: vfsFromUrl(),
  }).client;
}
