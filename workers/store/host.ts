/**
 * Holds the worker's one store: opens it once on `db.open` (sent by the tab that owns the
 * store), and lets every other call wait for that open. Calls that arrive first — a follower
 * tab's retried write racing the new owner's `db.open` — simply wait rather than fail.
 */
import type { MemoriesChanged } from '../../src/core/memory/types.ts';
import type { OpenArgs } from './open.ts';
import type { StoreService, StoreStats } from './service.ts';

export type Opener = (
  args: OpenArgs,
  onChange: (change: MemoriesChanged) => void,
) => Promise<StoreService>;

interface Waiter {
  resolve(store: StoreService): void;
  reject(error: unknown): void;
}

export class StoreHost {
  private opening: Promise<StoreService> | null = null;
  private failure: Error | null = null;
  private waiters: Waiter[] = [];

  /** Receives every change, to push to all tabs. */
  onChange: (change: MemoriesChanged) => void = () => {};

  /** Called once the store is open (the worker then announces itself to other tabs). */
  onOpen: () => void = () => {};

  constructor(private readonly opener: Opener) {}

  /** Opens the store (once; a failed open may be retried) and returns its stats. */
  async open(args: OpenArgs): Promise<StoreStats> {
    if (!this.opening) {
      const opening = this.opener(args, (c) => this.onChange(c));
      this.opening = opening;
      opening.then(
        (store) => {
          this.failure = null;
          this.flush((w) => w.resolve(store));
          this.onOpen();
        },
        (error: unknown) => {
          this.opening = null;
          this.failure = error instanceof Error ? error : new Error(String(error));
          this.flush((w) => w.reject(error));
        },
      );
    }
    return (await this.opening).stats();
  }

  /** The open store; waits for `db.open`, or fails with the reason the last open failed. */
  service(): Promise<StoreService> {
    if (this.opening) return this.opening;
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private flush(f: (w: Waiter) => void): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach(f);
  }
}
