import { describe, expect, it } from 'vitest';
import { openApp, waitForServiceWorker } from './devices.ts';
import { useSession } from './session.ts';
import { call } from './storage-rpc.ts';

const session = useSession({ name: 'phone' });

/** #18: what a first visit downloads before a model is chosen. */
const FIRST_VISIT_BUDGET = 5 * 1024 * 1024;

/** Every URL in the service worker's precache, with its size in bytes. */
async function precached(page: import('playwright-core').Page): Promise<[string, number][]> {
  return page.evaluate(`(async () => {
    const out = [];
    for (const name of await caches.keys()) {
      if (!name.includes('precache')) continue;
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const body = await (await cache.match(request)).arrayBuffer();
        out.push([new URL(request.url).pathname, body.byteLength]);
      }
    }
    return out.sort();
  })()`);
}

// Longer than the steps' own waits together (Playwright's 30 s each, the service worker's
// install among them): once in CI a test here ran past vitest's 60 s with no step named, beside
// a heavy test file on the other worker. A step that hangs must fail by its own timeout.
describe('offline', { timeout: 200_000 }, () => {
  it('installs the shell alone on a first visit: no model runtime, one SQLite build, each file once', async () => {
    const page = await openApp(session.device, session.companion.url);
    await waitForServiceWorker(page);
    const files = await precached(page);
    const paths = files.map(([path]) => path.replace(/-[\w-]{8}\.(\w+)$/, '.$1'));
    // The onnxruntime-web wasm (14 or 27 MB) comes with the first model, not with the shell.
    expect(paths.filter((p) => p.includes('ort-wasm') && p.endsWith('.wasm'))).toEqual([]);
    // The OPFS build of SQLite is the one the store opens; the Asyncify build for IndexedDB
    // is cached only where a browser falls back to it.
    expect(paths).toContain('/assets/wa-sqlite.wasm');
    expect(paths.filter((p) => p.includes('wa-sqlite-async') || p.includes('IDBBatch'))).toEqual(
      [],
    );
    for (const shell of [
      '/index.html',
      '/manifest.webmanifest',
      '/icons/icon-192.png',
      '/icons/icon-512.png',
      '/assets/store.worker.js',
      '/assets/embed.worker.js',
    ]) {
      expect(paths).toContain(shell);
    }
    expect(new Set(files.map(([path]) => path)).size).toBe(files.length);
    const bytes = files.reduce((sum, [, size]) => sum + size, 0);
    expect(bytes).toBeLessThanOrEqual(FIRST_VISIT_BUDGET);
  });

  it('renders and navigates the shell with the companion stopped, still cross-origin isolated', async () => {
    const page = await openApp(session.device, session.companion.url);
    await waitForServiceWorker(page);
    await session.companion.stop();

    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    // The store opens from the precached SQLite build.
    expect((await call(page, 'db.stats', undefined)).vfs).toBe('OPFSCoopSyncVFS');
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Memories' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).innerText())
      .toMatch(/memories/i);

    // A deep link typed while offline still gets the shell, not a browser error page.
    await page.goto(`${session.companion.url}/#/settings`);
    await page.waitForSelector('html[data-ready="true"]');
    await nav.getByRole('link', { name: 'Settings' }).waitFor();
  });
});
