/** What this browser can do, as the store worker sees it (workers may differ from the page). */
import type { Capabilities } from '../core/api/store-types.ts';
import type { StoreRef } from './store-ref.ts';

export class DeviceInfo {
  capabilities = $state<Capabilities | null>(null);
  error = $state<unknown>(null);
  loading = $state(false);
  readonly #store: StoreRef;

  constructor(store: StoreRef) {
    this.#store = store;
  }

  /** Asks the store worker once; asking again after a failure retries. */
  async load(): Promise<void> {
    if (this.capabilities || this.loading) return;
    this.loading = true;
    this.error = null;
    try {
      // A WebGPU adapter probe can take a moment on first use; ten seconds means it is stuck.
      this.capabilities = await this.#store().call('info', undefined, { timeoutMs: 10_000 });
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }
}
