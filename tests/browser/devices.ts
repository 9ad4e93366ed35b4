/**
 * N separate devices = N Chromium processes, each with its own profile directory. A device can be
 * closed and reopened with the same profile (a phone restarting the app). Every device records
 * requests that leave loopback and CSP violations, so each test can assert there were none.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.ts';

export interface DeviceOptions {
  name?: string;
  /** Reuse a profile (a device coming back); a new temporary one by default. */
  userDataDir?: string;
  locale?: string;
  viewport?: { width: number; height: number };
  /** Phone emulation: touch, mobile viewport meta, device scale factor 2. */
  mobile?: boolean;
  /** Extra Chromium flags. */
  args?: string[];
  /** Checked after every test by the guard in guard.ts (default true). */
  guarded?: boolean;
  /**
   * Ignore the app's Content-Security-Policy. Only for benches that load a third-party library
   * needing `eval` (hnswlib-wasm's embind) beside the app; never in tests of the app.
   */
  bypassCSP?: boolean;
}

export interface Device {
  readonly name: string;
  readonly userDataDir: string;
  context: BrowserContext;
  page: Page;
  /** URLs of requests that left loopback (must stay empty). */
  readonly external: string[];
  /** Content-Security-Policy violations seen on any page of this device. */
  readonly cspViolations: string[];
  /** Uncaught page errors, for diagnosis. */
  readonly pageErrors: string[];
  /** Ends the browser process and keeps the profile. */
  close(): Promise<void>;
  /** Starts a new browser process on the same profile. */
  reopen(): Promise<void>;
  /** Ends the process and deletes the profile. */
  dispose(): Promise<void>;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Devices alive now that the guard checks after every test. */
export const guardedDevices = new Set<Device>();

/** True for URLs that stay on this machine (or never touch the network). */
export function staysLocal(url: string): boolean {
  const parsed = new URL(url);
  if (['data:', 'blob:', 'about:', 'chrome:', 'chrome-error:'].includes(parsed.protocol)) {
    return true;
  }
  return LOOPBACK.has(parsed.hostname);
}

/** Launches one device: a real, separate Chromium process with its own profile. */
export async function launchDevice(options: DeviceOptions = {}): Promise<Device> {
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'kiana-device-')));
  const external: string[] = [];
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  const open = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless: true,
      args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
      locale: options.locale ?? 'en-US',
      ...(options.bypassCSP === true ? { bypassCSP: true } : {}),
      viewport: options.viewport ?? (options.mobile ? { width: 360, height: 740 } : null),
      ...(options.mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
      serviceWorkers: 'allow',
    });
    context.on('request', (request) => {
      if (!staysLocal(request.url())) external.push(request.url());
    });
    await context.exposeBinding('__kianaCspViolation', (_source, text: string) => {
      cspViolations.push(text);
    });
    await context.addInitScript(() => {
      addEventListener('securitypolicyviolation', (event) => {
        const e = event as SecurityPolicyViolationEvent;
        const host = globalThis as unknown as { __kianaCspViolation: (t: string) => void };
        host.__kianaCspViolation(
          `${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`,
        );
      });
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { context, page };
  };

  const first = await open();
  const device: Device = {
    name: options.name ?? 'device',
    userDataDir,
    context: first.context,
    page: first.page,
    external,
    cspViolations,
    pageErrors,
    async close() {
      await device.context.close();
    },
    async reopen() {
      const next = await open();
      device.context = next.context;
      device.page = next.page;
    },
    async dispose() {
      guardedDevices.delete(device);
      await device.context.close().catch(() => undefined);
      if (!options.userDataDir) await rm(userDataDir, { recursive: true, force: true });
    },
  };
  if (options.guarded !== false) guardedDevices.add(device);
  return device;
}

/** Launches `n` separate devices named device-1 … device-n. */
export async function launchDevices(n: number, options: DeviceOptions = {}): Promise<Device[]> {
  return Promise.all(
    Array.from({ length: n }, (_, i) => launchDevice({ ...options, name: `device-${i + 1}` })),
  );
}

/** Opens the app at `path` on `device` and waits until the shell says it is interactive. */
export async function openApp(device: Device, baseUrl: string, path = '/'): Promise<Page> {
  const target = new URL(path, baseUrl).href;
  // Going to the very URL the page is on (hash included) never settles in Playwright: reload.
  if (device.page.url() === target) await device.page.reload();
  else await device.page.goto(target);
  await device.page.waitForSelector('html[data-ready="true"]');
  return device.page;
}

/**
 * Waits until a service worker controls the page and the shell is precached (the app is then
 * available offline). The check is synchronous: waitForFunction treats a returned Promise as truthy.
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      navigator.serviceWorker.controller !== null &&
      document.documentElement.dataset.sw === 'active',
  );
}
