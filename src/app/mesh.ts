/**
 * The mesh part of the composition root, in its own chunk: the host and the glue pull in peerjs
 * and libsodium, so `createApp` imports this after the shell has painted.
 */
import { startChainSync } from '../platform/chain-sync-glue.ts';
import { MeshHost } from '../platform/mesh-host.ts';
import { startMessaging } from '../platform/message-glue.ts';
import type { DevicesState } from '../state/devices.svelte.ts';
import type { StoreRef } from '../state/store-ref.ts';

/** Creates this tab's mesh host, wires chain sync and the Devices list to it, and starts it. */
export function startMesh(store: StoreRef, devices: DevicesState): MeshHost {
  const host = new MeshHost();
  // Before start(): the glue must hear the mesh as soon as this tab leads it.
  startChainSync(host, store);
  startMessaging(host, store);
  devices.follow(host);
  host.start();
  return host;
}
