/**
 * One database owner per browser: tabs of one Chromium profile share the store worker of the
 * tab holding the Web Lock, and another tab takes over without losing a write when it closes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newMemoryId, type MemoryId } from '@kiana/shared/ids';
import { startCompanion, type CompanionProcess } from './companion-process.ts';
import { launchDevice, openApp, type Device } from './devices.ts';
import { call, storeReady } from './storage-rpc.ts';

let companion: CompanionProcess;
let device: Device;

beforeEach(async () => {
  companion = await startCompanion();
  device = await launchDevice({ name: 'tabs' });
});

afterEach(async () => {
  await device.dispose();
  await companion.stop();
});

async function tab(): Promise<Device['page']> {
  const page = await device.context.newPage();
  page.on('pageerror', (error) => device.pageErrors.push(error.message));
  await page.goto(companion.url);
  await page.waitForSelector('html[data-ready="true"]');
  await storeReady(page);
  return page;
}

/** Starts `n` sequential writes inside `page` without waiting for them; returns their ids. */
async function startWriting(page: Device['page'], n: number, pauseMs: number): Promise<MemoryId[]> {
  const ids = Array.from({ length: n }, () => newMemoryId());
  await page.evaluate(
    ([list, pause]) => {
      type Client = { call(m: string, a: unknown, o: object): Promise<unknown> };
      const store = (globalThis as unknown as { kianaStore(): Client }).kianaStore();
      const g = globalThis as unknown as { writing: Promise<number> };
      g.writing = (async () => {
        let done = 0;
        for (const [i, id] of list.entries()) {
          await store.call('memories.put', { id, text: `note ${i}`, source: 'typed' }, {});
          done++;
          await new Promise((r) => setTimeout(r, pause));
        }
        return done;
      })();
    },
    [ids, pauseMs] as const,
  );
  return ids;
}

/** How many tabs hold and wait for the owner lock (one of each while two tabs are open). */
const ownerLock = (page: Device['page']) =>
  page.evaluate(async () => {
    const { held = [], pending = [] } = await navigator.locks.query();
    const mine = (l: LockInfo) => l.name === 'kiana-store-owner';
    return { held: held.filter(mine).length, pending: pending.filter(mine).length };
  });

const finishWriting = (page: Device['page']) =>
  page.evaluate(() => (globalThis as unknown as { writing: Promise<number> }).writing);

describe('tabs of one browser', () => {
  it('write concurrently into one database and each sees all memories and change events', async () => {
    const a = await openApp(device, companion.url);
    await storeReady(a);
    const b = await tab();
    await b.evaluate(() => {
      type Client = { on(e: string, f: (d: unknown) => void): void };
      const g = globalThis as unknown as { kianaStore(): Client; heard: number };
      g.heard = 0;
      g.kianaStore().on('memories.changed', () => g.heard++);
    });
    const [idsA, idsB] = await Promise.all([startWriting(a, 15, 0), startWriting(b, 15, 0)]);
    expect(await finishWriting(a)).toBe(15);
    expect(await finishWriting(b)).toBe(15);
    for (const page of [a, b]) {
      const list = await call(page, 'memories.list', { offset: 0, limit: 100 });
      expect(list.total).toBe(30);
      expect(new Set(list.rows.map((r) => r.id))).toEqual(new Set([...idsA, ...idsB]));
    }
    await expect
      .poll(() => b.evaluate(() => (globalThis as unknown as { heard: number }).heard))
      .toBe(30);
    // Both tabs talk to the same worker: one OPFS database, one device.
    const stats = await call(b, 'db.stats', undefined);
    expect(stats.vfs).toBe('OPFSCoopSyncVFS');
  });

  it('lose no write when the owning tab closes while another keeps writing', async () => {
    const owner = await openApp(device, companion.url);
    await storeReady(owner);
    await call(owner, 'memories.count', {});
    const follower = await tab();
    const ids = await startWriting(follower, 40, 25);
    await expect
      .poll(() => call(follower, 'memories.count', {}), { timeout: 20_000 })
      .toBeGreaterThan(5);
    expect(await ownerLock(follower)).toEqual({ held: 1, pending: 1 });
    await owner.close();
    expect(await finishWriting(follower)).toBe(40);
    expect(await ownerLock(follower)).toEqual({ held: 1, pending: 0 });
    const list = await call(follower, 'memories.list', { offset: 0, limit: 100 });
    expect(list.total).toBe(40);
    expect(new Set(list.rows.map((r) => r.id))).toEqual(new Set(ids));
    // The new owner's database is the same file: a third tab sees it too.
    const late = await tab();
    expect(await call(late, 'memories.count', {})).toBe(40);
  });
});
