/**
 * The Chromium half of benches that run inside the real app: an in-page module
 * (bench/pages/<name>.ts) bundled with Vite beside a copy of the test build (dist-test/), served by
 * the real companion,
 * opened in one unguarded device, and called by name.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import {
  ROOT,
  TEST_DIST,
  startCompanion,
  type CompanionOptions,
} from '../tests/browser/companion-process.ts';
import { launchDevice, openApp, type DeviceOptions } from '../tests/browser/devices.ts';

/** Bundles bench/pages/<name>.ts into `outDir` as <name>.js, without the app's Vite config. */
async function buildPage(name: string, outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: ROOT,
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      lib: {
        entry: join(ROOT, `bench/pages/${name}.ts`),
        formats: ['es'],
        fileName: () => `${name}.js`,
      },
    },
  });
}

/**
 * Runs `measure` on the app with /bench/<name>.js beside it (import it in the page first, e.g.
 * with `importBenchPage`). The browser has an on-disk profile: an incognito one would keep
 * IndexedDB and OPFS in memory.
 */
export async function withBenchPage<T>(
  name: string,
  measure: (page: Page) => Promise<T>,
  companionOptions: Omit<CompanionOptions, 'dist'> = {},
  deviceOptions: Omit<DeviceOptions, 'name' | 'guarded'> = {},
): Promise<T> {
  const dist = await mkdtemp(join(tmpdir(), 'kiana-bench-dist-'));
  await cp(TEST_DIST, dist, { recursive: true });
  await buildPage(name, join(dist, 'bench'));
  const companion = await startCompanion({ ...companionOptions, dist });
  const device = await launchDevice({ ...deviceOptions, name: `bench-${name}`, guarded: false });
  // KIANA_BENCH_CONSOLE=1 prints what the page and its workers log (profiling a figure).
  if (process.env.KIANA_BENCH_CONSOLE === '1') {
    device.page.on('console', (message) => console.log(`  [page] ${message.text()}`));
  }
  try {
    await openApp(device, companion.url);
    return await measure(device.page);
  } finally {
    await device.dispose();
    await companion.stop();
    await rm(dist, { recursive: true, force: true });
  }
}

/** Loads /bench/<name>.js into the page (again after a reload). */
export async function importBenchPage(page: Page, name: string): Promise<void> {
  await page.evaluate(`import('/bench/${name}.js').then(() => true)`);
}

type Api = Record<string, (...args: never[]) => unknown>;

/**
 * A typed caller of `globalThis[global][method](...args)` in the page. The call goes as a
 * string, not a function: tsx's keepNames would inject a `__name` helper the page lacks.
 */
export function pageApi<A extends Api>(global: string) {
  return <K extends keyof A & string>(
    page: Page,
    method: K,
    ...args: Parameters<A[K]>
  ): Promise<Awaited<ReturnType<A[K]>>> => {
    const call = `${global}.${method}(${args.map((a) => JSON.stringify(a)).join(', ')})`;
    return page.evaluate<Awaited<ReturnType<A[K]>>>(call);
  };
}
