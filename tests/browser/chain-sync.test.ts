/**
 * Deletes that forget, between real browsers: separate Chromium processes through the real
 * companion, each with its own store worker, SQLite on OPFS and device keys, paired through the
 * UI and synced by themselves over the mesh. (Writing while apart and coming back is in
 * chain-mesh.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type CompanionProcess } from './companion-process.ts';
import { launchDevice, openApp, type Device } from './devices.ts';
import { pairThroughLink, rename } from './pairing-ui.ts';
import { call, exportBytes, storeReady } from './storage-rpc.ts';
import { opfsContains, shown } from './chain-probe.ts';

let companion: CompanionProcess;
const devices: Device[] = [];

beforeAll(async () => {
  companion = await startCompanion({ args: ['--stun-port', '0'] });
});

afterAll(async () => {
  for (const d of devices) await d.dispose();
  await companion.stop();
});

async function device(name: string): Promise<Device> {
  const d = await launchDevice({ name });
  devices.push(d);
  await rename(d, companion.url, name);
  await openApp(d, companion.url, '/');
  await storeReady(d.page);
  return d;
}

/** Both devices hold the same head and neither is in a session: everything is committed. */
async function settled(a: Device, b: Device): Promise<boolean> {
  const [ca, cb] = [
    await call(a.page, 'chain.info', undefined),
    await call(b.page, 'chain.info', undefined),
  ];
  return ca.head === cb.head && ![...ca.peers, ...cb.peers].some((p) => p.syncing);
}

const SECRET = 'Passwort Tresor quokka-zebra-7313';

function contains(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes).includes(Buffer.from(text, 'utf8'));
}

describe('sync between browsers', () => {
  it(
    'carries a memory and then its delete; the text is gone from every OPFS file and export',
    { timeout: 200_000 },
    async () => {
      const a = await device('Laptop');
      const b = await device('Phone');
      await pairThroughLink(
        companion.url,
        { device: a, name: 'Laptop' },
        { device: b, name: 'Phone' },
      );
      const [ia, ib] = [
        (await call(a.page, 'chain.info', undefined)).device,
        (await call(b.page, 'chain.info', undefined)).device,
      ];
      await call(a.page, 'memories.put', { id: 'secret1', text: SECRET, source: 'typed' });
      await expect.poll(() => shown(b.page), { timeout: 60_000 }).toEqual(await shown(a.page));
      expect(await shown(b.page)).toHaveProperty('secret1');
      // The text is really in B's files now, so the search below reads the right bytes.
      expect(await opfsContains(b.page, 'quokka-zebra')).toBe(true);

      await call(b.page, 'memories.delete', { id: 'secret1' });
      await expect
        .poll(async () => (await call(a.page, 'memories.get', { id: 'secret1' })) === null, {
          timeout: 60_000,
        })
        .toBe(true);
      await expect.poll(() => settled(a, b), { timeout: 60_000, interval: 500 }).toBe(true);
      for (const d of [a, b]) {
        expect(
          await call(d.page, 'memories.get', { id: 'secret1', includeDeleted: true }),
        ).toMatchObject({ deleted: true, text: '' });
        expect(await opfsContains(d.page, 'quokka-zebra'), `${d.name} OPFS`).toBe(false);
        expect(await opfsContains(d.page, 'Tresor'), `${d.name} OPFS`).toBe(false);
        expect(contains(await exportBytes(d.page), 'quokka-zebra'), `${d.name} export`).toBe(false);
      }
      const [ca, cb] = [
        await call(a.page, 'chain.info', undefined),
        await call(b.page, 'chain.info', undefined),
      ];
      expect(ca.head).toBe(cb.head);
      expect(ca.authorities.map((x) => x.device).sort()).toEqual([ia, ib].sort());
    },
  );
});
