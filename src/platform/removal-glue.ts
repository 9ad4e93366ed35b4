/**
 * Closes the link to every My device the chain says was removed, on every device that learns of
 * the removal (the one where the person pressed `Remove device` first, the others when the block
 * reaches them). The pairing goes too, and the removed device is told at once when it is online,
 * or by the unpair tombstone when it comes back (it then shows `Removed from your devices`). Runs
 * in the tab that leads the mesh.
 */
import type { DeviceId } from '@kiana/shared/ids';
import type { Mesh } from '../core/mesh/mesh.ts';
import type { MeshHost } from './mesh-host.ts';
import type { StoreClient } from './store-client.ts';

/** Watches `chain.changed` and unpairs removed authorities that are still paired. */
export function closeRemoved(host: MeshHost, mesh: Mesh, store: StoreClient): void {
  const closing = new Set<DeviceId>();
  const check = async (): Promise<void> => {
    const info = await store.call('chain.info', undefined, { timeoutMs: 20_000 });
    const paired = mesh.myDevices();
    for (const a of info.authorities) {
      if (a.active || a.self || !paired.includes(a.device) || closing.has(a.device)) continue;
      closing.add(a.device);
      await host.unpair(a.device).finally(() => closing.delete(a.device));
    }
  };
  const run = (): void => void check().catch((e: unknown) => console.warn('removal:', e));
  // A sync burst changes the chain many times; one look after it settles is enough.
  let timer: ReturnType<typeof setTimeout> | undefined;
  store.on('chain.changed', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  run();
}
