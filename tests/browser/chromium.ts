/**
 * Finds a Chromium for the tests: CHROMIUM_PATH, then Debian's /usr/bin/chromium, then the one
 * Playwright installs itself (`npx playwright-core install chromium`) on a laptop without either.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Flags that keep a headless Chromium quiet on a machine without outside network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
  // Nothing but loopback resolves: a request to the outside fails fast instead of leaking.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

/** The Chromium executable to launch, or undefined when none is installed yet. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', chromiumFromPlaywright()];
  return candidates.find((p): p is string => typeof p === 'string' && p !== '' && existsSync(p));
}

function chromiumFromPlaywright(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/** The Chromium executable; throws with the next step when there is none. */
export function chromiumPath(): string {
  const found = findChromium();
  if (!found) {
    throw new Error(
      'No Chromium found: set CHROMIUM_PATH, install Debian chromium, or run `npx playwright-core install chromium`.',
    );
  }
  return found;
}
