/**
 * The `Devices` list and notices, fed by the mesh host (the leading tab's mesh, or its snapshots
 * in a follower tab). The host pulls in peerjs and libsodium, so it is imported after the shell
 * has painted, not with it.
 */
import type { DeviceId } from '@kiana/shared/ids';
import type { PeerStatus } from '../core/mesh/types.ts';
import type { SignallingState } from '../core/mesh/transport.ts';
import type { MeshHost } from '../platform/mesh-host.ts';
import type { MeshNotice } from '../platform/mesh-link.ts';
import { getStore } from '../platform/store-client.ts';

export class DevicesState {
  peers = $state<readonly PeerStatus[]>([]);
  notices = $state<readonly MeshNotice[]>([]);
  signalling = $state<SignallingState>('connecting');
  /** Ticks every few seconds so "last seen" texts stay fresh. */
  now = $state(Date.now());
  #host: Promise<MeshHost> | undefined;

  /** Starts the mesh host once per tab. */
  start(): Promise<MeshHost> {
    this.#host ??= Promise.all([
      import('../platform/mesh-host.ts'),
      import('../platform/chain-sync-glue.ts'),
    ]).then(([{ getMeshHost }, { startChainSync }]) => {
      const host = getMeshHost();
      // Before start(): the glue must hear the mesh as soon as this tab leads it.
      startChainSync(host);
      host.subscribe((snapshot) => {
        this.peers = snapshot.peers;
        this.notices = snapshot.notices;
        this.signalling = snapshot.signalling;
      });
      host.start();
      setInterval(() => (this.now = Date.now()), 5000);
      return host;
    });
    return this.#host;
  }

  async unpair(deviceId: DeviceId): Promise<void> {
    await (await this.start()).unpair(deviceId);
  }

  /**
   * Removes a My device: a signed device-remove on the chain, after which the chain glue of every
   * device that learns of it (this one first) closes the link and tells the removed device. A
   * device the chain does not know as an authority (not synced yet) is simply unpaired.
   */
  async remove(deviceId: DeviceId): Promise<void> {
    const removed = await getStore().call('chain.removeDevice', { peer: deviceId });
    if (!removed) await this.unpair(deviceId);
  }
}

export const devices = new DevicesState();
