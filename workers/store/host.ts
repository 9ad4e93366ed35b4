/**
 * Holds the worker's one store: opens it on `db.open` (sent by the tab that owns the store) and
 * lets every other call wait for that open. Calls that arrive first — a follower tab's retried
 * write racing the new owner's `db.open` — simply wait rather than fail. A failed open (quota,
 * OPFS trouble) is retried by the next call after a pause, so freeing space is enough to recover.
 */
import type { DeviceId } from '@kiana/shared/ids';
import type { MemoriesChanged } from '../../src/core/memory/types.ts';
import type { OpenArgs } from './open.ts';
import type { StoreService, StoreSinks, StoreStats } from './service.ts';

export type Opener = (args: OpenArgs, sinks: StoreSinks) => Promise<StoreService>;

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

  /** Receives every change, to push to all tabs. */
  onChange: (change: MemoriesChanged) => void = () => {};

  /** Receives bytes for a peer, to push to the tab that runs the mesh. */
  onSyncSend: (peer: DeviceId, bytes: Uint8Array) => void = () => {};

  /** Told when the chain's head, authorities or peers changed. */
  onChainChanged: () => void = () => {};

  /**
   * Called once, when the first open starts: the worker then serves the other tabs too, so they
   * wait for the open (or learn why it failed) instead of waiting for an owner forever.
   */
  onFirstOpen: () => void = () => {};

  /** Called after each successful open. */
  onReady: () => void = () => {};

  constructor(
    private readonly opener: Opener,
    private readonly now: () => number = Date.now,
  ) {}

  /** Opens the store (once; a failed open may be retried) and returns its stats. */
  async open(args: OpenArgs): Promise<StoreStats> {
    if (!this.opening) {
      if (!this.lastArgs) this.onFirstOpen();
      this.lastArgs = args;
      const opening = this.opener(args, {
        onChange: (c) => this.onChange(c),
        onSyncSend: (peer, bytes) => this.onSyncSend(peer, bytes),
        onChainChanged: () => this.onChainChanged(),
      });
      this.opening = opening;
      opening.then(
        (store) => {
          this.failure = null;
          this.flush((w) => w.resolve(store));
          this.onReady();
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
