/** Whether a new app version is waiting, and the action that installs it. */
import { registerServiceWorker, type ServiceWorkerControl } from '../platform/pwa.ts';

export class AppUpdate {
  /** A new version is installed and waits for the person's go-ahead. */
  waiting = $state(false);
  /** The person said yes; the page reloads once the new version controls it. */
  applying = $state(false);

  #control: ServiceWorkerControl | null = null;

  /** Registers the service worker (production builds only); call once at startup. */
  start(): void {
    this.#control ??= registerServiceWorker({
      onUpdateWaiting: () => {
        this.waiting = true;
        // A plain DOM signal for tests and tooling, next to the visible banner.
        document.documentElement.dataset.update = 'waiting';
      },
      onActive: () => {
        // Tests wait for this before going offline: the shell is cached from here on.
        document.documentElement.dataset.sw = 'active';
      },
      onError: (error) => console.warn('[pwa] service worker registration failed', error),
    });
  }

  apply(): void {
    if (!this.waiting || this.applying) return;
    this.applying = true;
    this.#control?.applyUpdate();
  }
}
