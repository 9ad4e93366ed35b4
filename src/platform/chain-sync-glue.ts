/**
 * Carries the chain's sync over the mesh. The store worker speaks a transport-agnostic protocol
 * (`sync.open/receive/close` in, `sync.send` events out); the mesh runs in the one tab that leads
 * the presence. This glue runs in that tab: a `My device` coming up opens a session, topic `sync`
 * feeds the store, the store's bytes go back out, a peer going down closes the session.
 *
 * Pairing a `My device` adds it to the chain's authorities on BOTH sides (`chain.addDevice` is
 * idempotent; PROTOCOL.md "Joining another device's chain" needs each side's device-add so the
 * devices can settle on one chain). That runs in the tab that ran the handshake, which may be a
 * follower: the store is reachable from every tab.
 */
import { KianaError } from '@kiana/shared/errors';
import type { DeviceId } from '@kiana/shared/ids';
import { InboundBudget } from '../core/mesh/inbound-budget.ts';
import type { Mesh } from '../core/mesh/mesh.ts';
import { FRAME_HEADER_BYTES } from '../core/sync/frame.ts';
import { MAX_MESSAGE_BYTES } from '../core/sync/messages.ts';
import type { MeshHost } from './mesh-host.ts';
import { onPaired } from './pairing-events.ts';
import { closeRemoved } from './removal-glue.ts';
import type { StoreClient } from './store-client.ts';

export const SYNC_TOPIC = 'sync';
/** A large catch-up (a whole chain on joining) can take the worker a while to verify. */
const RECEIVE_TIMEOUT_MS = 120_000;

/**
 * Wires pairing → chain in this tab, and mesh ↔ store once this tab leads the mesh. The
 * composition root calls it once, before `host.start()`. `store` is called on first use only:
 * the store connection starts when something needs it.
 */
export function startChainSync(host: MeshHost, store: () => StoreClient): void {
  const open = (peer: DeviceId): Promise<void> => store().call('sync.open', { peer });
  onPaired(async (event) => {
    if (event.kind !== 'device') return;
    await store().call('chain.addDevice', {
      signKey: event.signKey,
      boxKey: event.boxKey,
      name: event.name,
    });
    // The leader may have seen the peer come up before the device-add existed; start over now
    // that this side accepts it (in a follower tab, the leader's peer-up does this).
    const mesh = host.mesh;
    if (mesh?.isUp(event.deviceId)) await open(event.deviceId);
  });
  host.whenLeading((mesh) => {
    wire(mesh, store(), open);
    closeRemoved(host, mesh, store());
  });
}

function wire(mesh: Mesh, store: StoreClient, open: (peer: DeviceId) => Promise<void>): void {
  const mine = (id: DeviceId): boolean => mesh.myDevices().includes(id);
  /** Deliveries per peer, chained: the store must see a session's messages in order. */
  const inbound = new Map<DeviceId, Promise<void>>();
  const budget = new InboundBudget<DeviceId>();

  const log = (what: string) => (error: unknown) => console.warn(`chain sync: ${what}`, error);

  mesh.subscribe((event) => {
    if (event.type === 'peer-up' && event.kind === 'device') {
      // Also after a channel replacement or a peer restart: unacknowledged messages were
      // dropped, so a fresh session is the only way to be sure both sides caught up.
      void open(event.deviceId).catch(log('open'));
    } else if (event.type === 'peer-down') {
      void store.call('sync.close', { peer: event.deviceId }).catch(log('close'));
    }
  });

  mesh.on(SYNC_TOPIC, (from, bytes) => {
    // Contacts share the mesh but are no authorities of my chain: never fed to the store.
    if (!mine(from)) return;
    const size = bytes.byteLength;
    // No sync message fits, or too much waits from this device already (a flood): dropped here,
    // before it waits in memory. That session stalls; the next peer-up starts another.
    const fits = size > FRAME_HEADER_BYTES && size <= FRAME_HEADER_BYTES + MAX_MESSAGE_BYTES;
    if (!fits || !budget.take(from, size)) {
      log('receive')(new KianaError('sync-protocol', `dropped a ${size}-byte frame from ${from}`));
      return;
    }
    const previous = inbound.get(from) ?? Promise.resolve();
    const next = previous
      .then(() =>
        store.call('sync.receive', { peer: from, bytes }, { timeoutMs: RECEIVE_TIMEOUT_MS }),
      )
      // A refused message ends only that session (the store logs why); the next one starts over.
      .catch(log('receive'))
      .finally(() => budget.give(from, size));
    inbound.set(from, next);
  });

  store.on('sync.send', ({ peer, bytes }) => {
    mesh.send(peer, SYNC_TOPIC, bytes).catch((error: unknown) => {
      // Offline or unpaired meanwhile: the next peer-up opens a new session.
      if (
        error instanceof KianaError &&
        (error.code === 'peer-offline' || error.code === 'peer-unknown')
      ) {
        return;
      }
      log('send')(error);
    });
  });

  // Devices already up when this tab took the lead (a follower that took over).
  for (const peer of mesh.myDevices()) {
    if (mesh.isUp(peer)) void open(peer).catch(log('open'));
  }
}
