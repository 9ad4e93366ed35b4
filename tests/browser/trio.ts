/**
 * The three devices of the messaging tests: Laptop, Phone (Laptop's My device) and Friend
 * (Laptop's contact), each a separate Chromium process, named through the UI, through one real
 * companion.
 */
import { startCompanion, type CompanionProcess } from './companion-process.ts';
import { launchDevice, type Device } from './devices.ts';
import { pairThroughLink, rename } from './pairing-ui.ts';
import { call, storeReady } from './storage-rpc.ts';

export interface Trio {
  readonly companion: CompanionProcess;
  readonly laptop: Device;
  readonly phone: Device;
  readonly friend: Device;
  /** A device's id as its store names it. */
  id(d: Device): string;
  /** Pairs Phone as My device and Friend as a contact of Laptop, through the link, as people do. */
  pair(): Promise<void>;
  dispose(): Promise<void>;
}

/** The name a device is given ("Laptop"), as the other devices show it. */
export const title = (d: Device): string => d.name.charAt(0).toUpperCase() + d.name.slice(1);

export async function startTrio(): Promise<Trio> {
  const companion = await startCompanion({ args: ['--stun-port', '0'] });
  const [laptop, phone, friend] = (await Promise.all(
    ['laptop', 'phone', 'friend'].map((name) => launchDevice({ name })),
  )) as [Device, Device, Device];
  const ids = new Map<Device, string>();
  for (const d of [laptop, phone, friend]) await rename(d, companion.url, title(d));
  for (const d of [laptop, phone, friend]) {
    await storeReady(d.page);
    ids.set(d, (await call(d.page, 'chain.info', undefined)).device);
  }
  const as = (d: Device) => ({ device: d, name: title(d) });
  return {
    companion,
    laptop,
    phone,
    friend,
    id: (d) => ids.get(d) ?? '',
    async pair() {
      await pairThroughLink(companion.url, as(laptop), as(phone));
      await pairThroughLink(companion.url, as(laptop), as(friend), 'contact');
    },
    async dispose() {
      await Promise.all([laptop, phone, friend].map((d) => d.dispose()));
      await companion.stop();
    },
  };
}
