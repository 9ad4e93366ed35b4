/**
 * One database owner per browser. Every tab asks for the `kiana-store-owner` Web Lock; the tab
 * that holds it starts the store worker and talks to it directly, the others reach it through
 * the `kiana-store` BroadcastChannel. When the owning tab closes, the browser releases its lock,
 * the next tab in the queue gets it and starts a new worker, and every tab sends the requests the
 * old owner never answered again (see `StorePort`). The tab's callers see one `RpcClient`
 * throughout and never learn that the owner changed.
 */
import { KianaError } from '@kiana/shared/errors';
import type { DeviceId } from '@kiana/shared/ids';
import { RpcClient } from '../core/api/rpc.ts';
import type { StoreContract, StoreEvents } from '../core/api/store.ts';
import { OWNER_LOCK, STORE_CHANNEL, randomId } from '../core/api/store-channel.ts';
import { VFS_CHOICES, type ChainIdentity, type VfsChoice } from '../core/api/store-types.ts';
import { StorePort } from './store-port.ts';

export type StoreClient = RpcClient<StoreContract, StoreEvents>;
export type StoreRole = 'leader' | 'follower';

export interface StoreConnectionOptions {
  /**
   * This browser's device id and signing identity, needed by the owner to open the database
   * (every write is a signed transaction). Sent to the owner's own worker only, never over the
   * channel to other tabs.
   */
  identity(): Promise<{ device: DeviceId; identity: ChainIdentity }>;
  /**
   * Resolves when this browser lets Kiana keep data, rejects when it refuses (IndexedDB blocked).
   * A browser refuses every tab alike, so a tab that does not own the store learns it from here
   * at once, instead of waiting for an owner whose store can never open.
   */
  storage?(): Promise<void>;
  /** VFS choice passed to the worker; see `vfsFromUrl`. */
  vfs?: VfsChoice;
  /** Starts a store worker (tests may substitute their own). */
  spawn?: () => Worker;
}

export interface StoreConnection {
  readonly client: StoreClient;
  readonly tabId: string;
  /** Whether this tab currently owns the store. */
  role(): StoreRole;
  /** Stops taking part: releases ownership (if held) and leaves the channel. */
  close(): void;
}

function asStorageUnavailable(error: unknown): KianaError {
  if (error instanceof KianaError) return error;
  return new KianaError('storage-unavailable', 'cannot load the device identity', { cause: error });
}

/** A crash loop (a worker that cannot even load) must end in an error, not in a busy tab. */
const MAX_CRASHES = 3;

function spawnStoreWorker(): Worker {
  return new Worker(new URL('../../workers/store.worker.ts', import.meta.url), {
    type: 'module',
    name: 'kiana-store',
  });
}

/**
 * The VFS a test asked for with `?vfs=idb` (IndexedDB fallback) or `?vfs=coop|ahp` (force an
 * OPFS VFS, for benchmarks); `auto` otherwise.
 */
export function vfsFromUrl(search: string = location.search): VfsChoice {
  const value = new URLSearchParams(search).get('vfs');
  return (VFS_CHOICES as readonly (string | null)[]).includes(value)
    ? (value as VfsChoice)
    : 'auto';
}

/** Joins this tab to the browser's store: as owner if the lock is free, as follower otherwise. */
export function connectStore(options: StoreConnectionOptions): StoreConnection {
  const channel = new BroadcastChannel(STORE_CHANNEL);
  const port = new StorePort(channel, randomId());
  const client: StoreClient = new RpcClient<StoreContract, StoreEvents>(port);
  const spawn = options.spawn ?? spawnStoreWorker;
  let role: StoreRole = 'follower';
  let worker: Worker | null = null;
  let crashes = 0;
  let release: (() => void) | null = null;
  const abort = new AbortController();

  const start = (): void => {
    const w = spawn();
    worker = w;
    w.addEventListener('error', (event) => {
      // An `error` event is a script error the worker could not handle (often a failed load).
      console.error('[store] worker failed', event.message);
      w.terminate();
      if (worker !== w) return;
      if (++crashes >= MAX_CRASHES) {
        client.fail(new KianaError('worker-crashed', event.message || 'the store worker stopped'));
        return;
      }
      start();
    });
    w.addEventListener('messageerror', (event) => {
      console.warn('[store] a message from the worker could not be deserialized', event);
    });
    port.useWorker(w);
    void options.identity().then(
      ({ device, identity }) =>
        client
          .call('db.open', { device, identity, vfs: options.vfs ?? 'auto' })
          // The worker reports a failed open to every waiting call and retries it on the next
          // one (space may have been freed), so here it is only logged.
          .catch((error: unknown) => console.error('[store] could not open the database', error)),
      (error: unknown) => {
        // Without the identity the worker is never opened, and every call would wait for an open
        // that cannot come (IndexedDB refused: private modes, WebKit without a data directory).
        // That is a state, not a wait: every call, now and later, fails at once with the reason.
        console.error('[store] no device identity, the store cannot open', error);
        client.fail(asStorageUnavailable(error));
      },
    );
  };

  const becomeOwner = (): Promise<void> =>
    new Promise<void>((resolve) => {
      role = 'leader';
      release = resolve;
      start();
    });

  if (typeof navigator !== 'undefined' && 'locks' in navigator) {
    navigator.locks
      .request(OWNER_LOCK, { signal: abort.signal }, becomeOwner)
      .catch((error: unknown) => {
        if ((error as { name?: unknown } | null)?.name !== 'AbortError') {
          console.error('[store] owner election failed', error);
        }
      });
  } else {
    // No Web Locks (very old browsers): assume one tab, the common case there, and own the store.
    void becomeOwner();
  }

  // Every tab asks, owner or not: the owner also fails through its identity, but a follower has
  // nothing else that would tell it (the owner's worker never joins the channel).
  options.storage?.().catch((error: unknown) => {
    console.error('[store] this browser refuses storage', error);
    client.fail(asStorageUnavailable(error));
  });

  const onPageHide = (event: PageTransitionEvent): void => {
    // A page kept in the back/forward cache may come back; only a real unload says goodbye.
    if (!event.persisted) port.close();
  };
  globalThis.addEventListener('pagehide', onPageHide);

  return {
    client,
    tabId: port.tabId,
    role: () => role,
    close: () => {
      abort.abort();
      globalThis.removeEventListener('pagehide', onPageHide);
      port.close();
      worker?.terminate();
      worker = null;
      release?.();
      channel.close();
    },
  };
}
