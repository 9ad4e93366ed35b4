/**
 * The chain as the UI shows it: Settings › Chain (head, height, authorities, forks resolved),
 * each memory's origin device name, and per peer the chain height and sync state (for the
 * Devices list). Reloaded whenever the store worker says the chain changed.
 */
import type { DeviceId } from '@kiana/shared/ids';
import type { ChainInfo, PeerInfo } from '../core/api/store-types.ts';
import { asSyncProgress, type SyncProgress } from '../core/sync/progress.ts';
import type { StoreRef } from './store-ref.ts';

export type { ChainInfo, PeerInfo, SyncProgress };

/** How a peer's sync stands, for a label. */
export type SyncState = 'syncing' | 'synced' | 'failed' | 'offline' | 'never';

/** The state of one peer in words the UI translates. */
export function syncStateOf(peer: PeerInfo | undefined): SyncState {
  if (!peer) return 'never';
  if (peer.syncing) return 'syncing';
  if (peer.error !== null) return 'failed';
  if (!peer.connected) return peer.syncedAt === null ? 'never' : 'offline';
  return peer.syncedAt === null ? 'syncing' : 'synced';
}

export class ChainView {
  info = $state<ChainInfo | null>(null);
  error = $state<unknown>(null);
  /** This device's name now (Settings › Device); the chain keeps the one it was added with. */
  selfName = $state<string | null>(null);
  #listening = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #store: StoreRef;
  readonly #currentName: (device: DeviceId) => string | null;

  /**
   * @param currentName a paired device's name now (its latest hello, kept with the pairing): the
   *   one source of names, so a rename shows on every screen, not the name the chain recorded
   */
  constructor(store: StoreRef, currentName: (device: DeviceId) => string | null = () => null) {
    this.#store = store;
    this.#currentName = currentName;
  }

  /** Loads `chain.info` now and after every change (bursts of changes load once). */
  load(): void {
    if (!this.#listening) {
      this.#listening = true;
      // At most one load per 100 ms, never postponed by the next event: a long sync announces
      // its progress every 250 ms, and a debounce that restarts would never load during it.
      this.#store().on('chain.changed', () => {
        if (this.#timer !== undefined) return;
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          void this.#fetch();
        }, 100);
      });
    }
    void this.#fetch();
  }

  async #fetch(): Promise<void> {
    try {
      this.info = await this.#store().call('chain.info', undefined, { timeoutMs: 20_000 });
      this.error = null;
    } catch (error) {
      this.error = error;
    }
  }

  /**
   * A device's name as it calls itself now, else the name it was added to the chain with; null
   * when this device does not know it (yet).
   */
  nameOf(device: DeviceId): string | null {
    if (this.isSelf(device) && this.selfName !== null) return this.selfName;
    return (
      this.#currentName(device) ??
      this.info?.authorities.find((a) => a.device === device)?.name ??
      null
    );
  }

  /** True for this browser's own device. */
  isSelf(device: DeviceId): boolean {
    return this.info?.device === device;
  }

  /**
   * A peer's chain height and sync state, for the Devices list, and how far a running pull has
   * got (checked here: the worker's answer crossed a port).
   */
  peer(device: DeviceId): {
    height: number | null;
    state: SyncState;
    progress: SyncProgress | null;
  } {
    const peer = this.info?.peers.find((p) => p.device === device);
    const state = syncStateOf(peer);
    const progress = state === 'syncing' ? asSyncProgress(peer?.progress) : null;
    return { height: peer?.height ?? null, state, progress };
  }
}
