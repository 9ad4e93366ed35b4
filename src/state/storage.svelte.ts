/** Whether storage is persistent, and how much is used: what Settings shows about storage. */
import {
  estimateStorage,
  requestPersistence,
  type StorageEstimateResult,
} from '../platform/storage-estimate.ts';

export class StorageStatus {
  /** `null` until known, or forever when the browser cannot say. */
  persistent = $state<boolean | null>(null);
  estimate = $state<StorageEstimateResult | null>(null);
  /** True once the first answers are in, so the UI can tell "checking" from "unknown". */
  checked = $state(false);

  #requested: Promise<void> | null = null;

  /** Asks for persistence once per app start; later calls share the first request. */
  requestPersistence(): Promise<void> {
    this.#requested ??= requestPersistence().then((persistent) => {
      this.persistent = persistent;
    });
    return this.#requested;
  }

  /** True after the person asked for persistence and the browser declined. */
  declined = $state(false);
  asking = $state(false);

  /**
   * Asks again because the person pressed the button: browsers decide by how the site is used
   * (bookmarked, installed, visited often), so a later request may be granted.
   */
  async ask(): Promise<void> {
    this.asking = true;
    try {
      const persistent = await requestPersistence();
      this.persistent = persistent;
      this.declined = persistent === false;
    } finally {
      this.asking = false;
    }
  }

  /** Re-reads usage and quota (they change as data is stored). */
  async refresh(): Promise<void> {
    const [estimate] = await Promise.all([estimateStorage(), this.requestPersistence()]);
    this.estimate = estimate;
    this.checked = true;
  }
}
