/**
 * Holds the worker's one store: opens it on `db.open` (sent by the tab that owns the store) and
 * lets every other call wait for that open. Calls that arrive first — a follower tab's retried
 * write racing the new owner's `db.open` — simply wait rather than fail. A failed open (quota,
 * OPFS trouble) is retried by the next call after a pause, so freeing space is enough to recover.
 */
import type { Emit } from '../../src/core/api/contract.ts';
import type { StoreEvents } from '../../src/core/api/store.ts';
import type { StoreStats } from '../../src/core/api/store-types.ts';
import type { OpenArgs } from './open.ts';
import type { StoreOutlet, StoreService } from './service.ts';

export type Opener = (args: OpenArgs, outlet: StoreOutlet) => Promise<StoreService>;

interface Waiter {
  resolve(store: StoreService): void;
  reject(error: unknown): void;
}

/** A failed open is not retried sooner than this, so a broken disk is not hammered. */
const RETRY_AFTER_MS = 2_000;

export class StoreHost {
  private opening: Promise<StoreService> | null = null;
  private failure: Error | null = null;
  private failedAt = 0;
  private lastArgs: OpenArgs | null = null;
  private waiters: Waiter[] = [];

  /** Receives every event of the store (and `ready` after each open), to push to the tabs. */
  emit: Emit<StoreEvents> = () => {};

  /**
   * Called once, when the first open starts: the worker then serves the other tabs too, so they
   * wait for the open (or learn why it failed) instead of waiting for an owner forever.
   */
  onFirstOpen: () => void = () => {};

  constructor(
    private readonly opener: Opener,
    private readonly now: () => number = Date.now,
  ) {}

  /** Opens the store (once; a failed open may be retried) and returns its stats. */
  async open(args: OpenArgs): Promise<StoreStats> {
    if (!this.opening) {
      if (!this.lastArgs) this.onFirstOpen();
      this.lastArgs = args;
      // Late-bound: the worker sets `emit` after constructing the host.
      const opening = this.opener(args, { emit: (name, data) => this.emit(name, data) });
      this.opening = opening;
      opening.then(
        (store) => {
          this.failure = null;
          this.flush((w) => w.resolve(store));
          this.emit('ready', { at: this.now() });
        },
        (error: unknown) => {
          this.opening = null;
          this.failure = error instanceof Error ? error : new Error(String(error));
          this.failedAt = this.now();
          this.flush((w) => w.reject(error));
        },
      );
    }
    return (await this.opening).stats();
  }

  /** The open store; waits for `db.open`, or retries or reports a failed one. */
  service(): Promise<StoreService> {
    if (this.opening) return this.opening;
    if (this.failure && this.lastArgs && this.now() - this.failedAt >= RETRY_AFTER_MS) {
      return this.open(this.lastArgs).then(() => this.service());
    }
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private flush(f: (w: Waiter) => void): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach(f);
  }
}
