/**
 * Service worker registration (workbox-window), production builds only: the dev server serves
 * modules that a precaching worker would pin and serve stale.
 *
 * The generated worker is built with `registerType: 'prompt'`: a new version installs and then
 * waits. We tell the app, the person chooses to update, we send SKIP_WAITING, and reload once the
 * new worker controls the page, so the page and its cached assets always belong to one build.
 */
import type { Workbox } from 'workbox-window';

export interface ServiceWorkerHooks {
  /** A new version is installed and waiting for the person's go-ahead. */
  onUpdateWaiting(): void;
  /** A service worker is active for this origin: the shell is cached and works offline. */
  onActive?(): void;
  /** Registration failed; the app still works, just without offline support. */
  onError?(error: unknown): void;
}

export interface ServiceWorkerControl {
  /** Activates the waiting version; the page reloads once it is in control. */
  applyUpdate(): void;
}

/** How often an open tab asks the server for a new version (besides on focus and navigation). */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

export function registerServiceWorker(hooks: ServiceWorkerHooks): ServiceWorkerControl {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return { applyUpdate() {} };
  const created = createWorkbox(hooks);
  created
    .then(async (wb) => {
      await wb.register();
      watchForUpdates(wb);
      // `ready` resolves once a worker is active, i.e. after the precache has been filled.
      await navigator.serviceWorker.ready;
      hooks.onActive?.();
    })
    .catch((error: unknown) => hooks.onError?.(error));
  return {
    applyUpdate() {
      void created.then((wb) => wb.messageSkipWaiting());
    },
  };
}

async function createWorkbox(hooks: ServiceWorkerHooks): Promise<Workbox> {
  // Loaded lazily: it is not needed for the first paint.
  const { Workbox } = await import('workbox-window');
  const wb = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
  // Also fires right after registering when a version was already waiting from an earlier visit.
  wb.addEventListener('waiting', () => hooks.onUpdateWaiting());
  let reloading = false;
  wb.addEventListener('controlling', (event) => {
    // Only an update swaps assets under a running page; the first install does not. Other tabs
    // of the app get here too when one of them applied the update, and reload as well.
    if (event.isUpdate && !reloading) {
      reloading = true;
      window.location.reload();
    }
  });
  return wb;
}

/** A long-open tab should still hear about new versions: check on focus and now and then. */
function watchForUpdates(wb: Workbox): void {
  const check = (): void => {
    if (document.visibilityState === 'visible') void wb.update().catch(() => undefined);
  };
  document.addEventListener('visibilitychange', check);
  setInterval(check, UPDATE_CHECK_MS);
}
