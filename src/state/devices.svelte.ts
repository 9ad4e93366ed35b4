/**
 * The `Devices` list and notices, fed by the mesh host (the leading tab's mesh, or its snapshots
 * in a follower tab). The host pulls in peerjs and libsodium, so the composition root
 * (src/app/app.ts) loads and starts it after the shell has painted, and hands it to `follow`.
 */
import type { DeviceId } from '@kiana/shared/ids';
import type { PeerStatus } from '../core/mesh/types.ts';
import type { SignallingState } from '../core/mesh/transport.ts';
import type { MeshHost } from '../platform/mesh-host.ts';
import type { MeshNotice } from '../platform/mesh-link.ts';
import type { StoreRef } from './store-ref.ts';

export class DevicesState {
  peers = $state<readonly PeerStatus[]>([]);
  /** True once the stored pairings were read (an empty list before that means nothing yet). */
  loaded = $state(false);
  notices = $state<readonly MeshNotice[]>([]);
  signalling = $state<SignallingState>('connecting');
  /** Ticks every few seconds so "last seen" texts stay fresh. */
  now = $state(Date.now());
  readonly #store: StoreRef;
  readonly #mesh: () => Promise<MeshHost>;

  /** @param mesh this tab's mesh host, loaded and started on the first call */
  constructor(store: StoreRef, mesh: () => Promise<MeshHost>) {
    this.#store = store;
    this.#mesh = mesh;
  }

  /** Shows what `host` reports; called once, before the host starts. */
  follow(host: MeshHost): void {
    host.subscribe((snapshot) => {
      this.peers = snapshot.peers;
      this.loaded = snapshot.loaded;
      this.notices = snapshot.notices;
      this.signalling = snapshot.signalling;
    });
    // The state lives as long as the page, so the timer is never cleared.
    setInterval(() => (this.now = Date.now()), 5000);
  }

  async unpair(deviceId: DeviceId): Promise<void> {
    await (await this.#mesh()).unpair(deviceId);
  }

  /**
   * Removes a My device: a signed device-remove on the chain, after which the chain glue of every
   * device that learns of it (this one first) closes the link and tells the removed device. A
   * device the chain does not know as an authority (not synced yet) is simply unpaired.
   */
  async remove(deviceId: DeviceId): Promise<void> {
    const removed = await this.#store().call('chain.removeDevice', { peer: deviceId });
    if (!removed) await this.unpair(deviceId);
  }
}
