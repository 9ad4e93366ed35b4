/**
 * The chain between real browsers: separate Chromium processes through the real companion, each
 * with its own store worker, SQLite on OPFS and device keys, synced by piping each page's
 * `sync.send` bytes into the other's `sync.receive` (tests/browser/sync-pipe.ts) — the same bytes
 * the mesh carries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type CompanionProcess } from './companion-process.ts';
import { launchDevice, openApp, type Device } from './devices.ts';
import { call, exportBytes, storeReady } from './storage-rpc.ts';
import { SyncPipe, opfsContains, pairDevices, shown } from './sync-pipe.ts';

let companion: CompanionProcess;
const devices: Device[] = [];

beforeAll(async () => {
  companion = await startCompanion();
});

afterAll(async () => {
  for (const d of devices) await d.dispose();
  await companion.stop();
});

async function device(name: string): Promise<Device> {
  const d = await launchDevice({ name });
  devices.push(d);
  await start(d);
  return d;
}

async function start(d: Device): Promise<void> {
  await openApp(d, companion.url, '/');
  await storeReady(d.page);
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
      const a = await device('laptop');
      const b = await device('phone');
      const pipe = new SyncPipe();
      const [ia, ib] = [await pipe.attach(a), await pipe.attach(b)];
      await pairDevices(a, b);
      await pipe.link(ia, ib);
      await call(a.page, 'memories.put', { id: 'secret1' as never, text: SECRET, source: 'typed' });
      await expect.poll(() => shown(b.page), { timeout: 60_000 }).toEqual(await shown(a.page));
      expect(await shown(b.page)).toHaveProperty('secret1');
      // The text is really in B's files now, so the search below reads the right bytes.
      expect(await opfsContains(b.page, 'quokka-zebra')).toBe(true);

      await call(b.page, 'memories.delete', { id: 'secret1' as never });
      await expect
        .poll(
          async () => (await call(a.page, 'memories.get', { id: 'secret1' as never })) === null,
          {
            timeout: 60_000,
          },
        )
        .toBe(true);
      await pipe.idle();
      for (const d of [a, b]) {
        expect(
          await call(d.page, 'memories.get', { id: 'secret1' as never, includeDeleted: true }),
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

  it(
    'three devices write while apart (processes stopped, profiles kept), come back, and agree',
    { timeout: 400_000 },
    async () => {
      const [one, two, three] = [await device('one'), await device('two'), await device('three')];
      const ds = [one, two, three];
      const pipe = new SyncPipe();
      const i1 = await pipe.attach(one);
      const i2 = await pipe.attach(two);
      const i3 = await pipe.attach(three);
      await pairDevices(one, two);
      await pairDevices(one, three);
      const links = [
        [i1, i2],
        [i1, i3],
        [i2, i3],
      ] as const;
      for (const [x, y] of links) await pipe.link(x, y);
      await call(one.page, 'memories.put', {
        id: 'shared' as never,
        text: 'before',
        source: 'typed',
      });
      await expect
        .poll(async () => Object.keys(await shown(three.page)), { timeout: 60_000 })
        .toEqual(['shared']);
      await pipe.idle();
      for (const [x, y] of links) await pipe.unlink(x, y);

      // Apart: each writes, one edits the shared memory, then its browser process ends.
      for (const [i, d] of ds.entries()) {
        await call(d.page, 'memories.put', {
          id: `apart${i}` as never,
          text: `written apart on ${d.name}`,
          source: 'typed',
        });
      }
      await call(two.page, 'memories.edit', { id: 'shared' as never, text: 'edited apart' });
      for (const d of ds) await d.close();

      // Back: new processes on the same profiles, linked again.
      for (const d of ds) {
        await d.reopen();
        await start(d);
        await pipe.attach(d);
      }
      for (const [x, y] of links) await pipe.link(x, y);
      const expected = {
        shared: 'edited apart []',
        apart0: 'written apart on one []',
        apart1: 'written apart on two []',
        apart2: 'written apart on three []',
      };
      for (const d of ds) {
        await expect.poll(() => shown(d.page), { timeout: 90_000 }).toEqual(expected);
      }
      await pipe.idle();
      const heads = await Promise.all(
        ds.map(async (d) => (await call(d.page, 'chain.info', undefined)).head),
      );
      expect(new Set(heads).size).toBe(1);
    },
  );
});
