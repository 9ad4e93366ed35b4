/**
 * A browser killed (SIGKILL, no chance to clean up) while the store is writing leaves a
 * consistent database: integrity_check is ok and every batch is there whole or not at all.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp } from './devices.ts';
import { useSession } from './session.ts';
import { call, exportBytes, storeReady } from './storage-rpc.ts';

const BATCH = 200;
const session = useSession({ name: 'crashing' });

/** Starts batches of writes inside the page and returns at once, while they run. */
const startWriting = `(() => {
  const store = globalThis.kianaStore();
  void (async () => {
    for (let b = 0; b < 500; b++) {
      const items = Array.from({ length: ${BATCH} }, (_, i) => ({
        id: 'crash-' + b + '-' + i, text: 'batch ' + b + ' item ' + i, source: 'typed', tags: [],
      }));
      await store.call('memories.bulkPut', { items });
      globalThis.__batches = b + 1;
    }
  })();
})()`;

describe('a browser killed in the middle of writes', () => {
  it('leaves the database consistent with whole batches only', async () => {
    const { device, companion } = session;
    const page = await openApp(device, companion.url);
    await storeReady(page);
    await page.evaluate(startWriting);
    await page.waitForFunction(() => ((globalThis as { __batches?: number }).__batches ?? 0) >= 3);

    // SIGKILL every process of this profile: no unload, no worker shutdown, no flush.
    execFileSync('pkill', ['-9', '-f', `user-data-dir=${device.userDataDir}`]);
    await device.context.close().catch(() => undefined);
    await device.reopen();

    const again = await openApp(device, companion.url);
    await storeReady(again);
    const count = await call(again, 'memories.count', {});
    expect(count).toBeGreaterThanOrEqual(3 * BATCH);
    expect(count % BATCH).toBe(0);

    const file = join(mkdtempSync(join(tmpdir(), 'kiana-crash-')), 'kiana.db');
    writeFileSync(file, await exportBytes(again));
    const sqlite = (q: string) => execFileSync('sqlite3', [file, q], { encoding: 'utf8' }).trim();
    expect(sqlite('PRAGMA integrity_check')).toBe('ok');
    expect(Number(sqlite('SELECT count(*) FROM memories'))).toBe(count);
  });
});
