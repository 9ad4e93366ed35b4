/**
 * Wires messaging into the tab that leads the mesh (beside chain-sync-glue.ts): a courier over
 * the mesh and the store, and ratchet sessions started from the pairings. The first state comes
 * from the pairing's secret and this device's box key, which live in this browser's IndexedDB; it
 * goes to the store worker once per pairing (the store keeps a running session when the pairing
 * is the same).
 */
import type { DeviceId } from '@kiana/shared/ids';
import { loadRatchetSuite } from '../core/crypto/ratchet/suite.ts';
import { sessionStart } from '../core/messaging/start.ts';
import { loadIdentity } from './identity.ts';
import { MessageCourier } from './message-courier.ts';
import type { MeshHost } from './mesh-host.ts';
import { listPairings } from './pairing-store.ts';
import type { StoreClient } from './store-client.ts';

export function startMessaging(host: MeshHost, store: () => StoreClient): void {
  host.whenLeading((mesh) => {
    const client = store();
    const ensureSession = async (peer: DeviceId): Promise<void> => {
      const [suite, identity, pairings] = await Promise.all([
        loadRatchetSuite(),
        loadIdentity(),
        listPairings(),
      ]);
      const pairing = pairings.find((p) => p.deviceId === peer);
      if (!pairing) return;
      const { keys } = identity;
      const start = sessionStart(suite, {
        me: {
          deviceId: keys.deviceId,
          boxPublicKey: keys.boxPublicKey,
          boxSecretKey: keys.boxSecretKey,
        },
        peer: { deviceId: peer, boxKey: pairing.boxKey },
        pairingSecret: pairing.secret,
      });
      await client.call('messages.start', { peer, ...start });
    };
    new MessageCourier(mesh, client, ensureSession).start();
  });
}
