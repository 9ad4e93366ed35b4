/**
 * WebKitGTK, the nearest stand-in for Safari on iPhones that runs on Linux, driven through
 * Debian's `webkit2gtk-driver` (WebKitWebDriver) under Xvfb with plain W3C WebDriver HTTP calls:
 * no extra dependency. MiniBrowser (from libwebkit2gtk) is the browser it automates.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

/** What this machine lacks to run WebKitGTK, as Debian package names (empty when runnable). */
export function missingWebKitPackages(): string[] {
  const missing: string[] = [];
  if (!onPath('WebKitWebDriver')) missing.push('webkit2gtk-driver');
  if (!onPath('Xvfb')) missing.push('xvfb');
  return missing;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => existsSync(`${dir}/${command}`));
}

/** libwebkit2gtk's MiniBrowser, wherever the architecture puts it. */
function miniBrowser(): string | undefined {
  for (const arch of readdirSync('/usr/lib')) {
    for (const api of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0']) {
      const path = `/usr/lib/${arch}/${api}/MiniBrowser`;
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts Xvfb on the first free display (it writes the number it took to the given fd). */
async function startXvfb(): Promise<{ display: string; proc: ChildProcess }> {
  const proc = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    },
  );
  const fd = proc.stdio[3];
  if (!fd) throw new Error('Xvfb: no display pipe');
  const display = await new Promise<string>((resolve, reject) => {
    createInterface({ input: fd as NodeJS.ReadableStream }).once('line', (n) => resolve(`:${n}`));
    proc.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
  return { display, proc };
}

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export interface WebKitSession {
  readonly version: string;
  navigate(url: string): Promise<void>;
  refresh(): Promise<void>;
  /** Runs `body` as a function body in the page and returns its (JSON) result. */
  run<T>(body: string, ...args: unknown[]): Promise<T>;
  /** Polls `body` until it returns a truthy value; a hang detector, not a speed limit. */
  waitFor<T>(body: string, what: string): Promise<T>;
  type(css: string, text: string): Promise<void>;
  click(css: string): Promise<void>;
  close(): Promise<void>;
}

/** How long `waitFor` polls before it says what it waited for (the test's timeout is longer). */
const HANG_AFTER_MS = 45_000;

/** Starts Xvfb, WebKitWebDriver and a MiniBrowser session. */
export async function startWebKit(): Promise<WebKitSession> {
  const children: ChildProcess[] = [];
  const stopAll = (): void => {
    for (const child of children.reverse()) if (child.exitCode === null) child.kill('SIGTERM');
  };
  try {
    const xvfb = await startXvfb();
    children.push(xvfb.proc);
    const port = await freePort();
    const driver = spawn('WebKitWebDriver', [`--port=${port}`], {
      env: { ...process.env, DISPLAY: xvfb.display },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(driver);
    const base = `http://127.0.0.1:${port}`;
    await waitForDriver(base);
    const binary = miniBrowser();
    const created = await command<{ sessionId: string; capabilities: { browserVersion: string } }>(
      `${base}/session`,
      'POST',
      {
        capabilities: {
          alwaysMatch: {
            'webkitgtk:browserOptions': { ...(binary ? { binary } : {}), args: ['--automation'] },
          },
        },
      },
    );
    return session(
      `${base}/session/${created.sessionId}`,
      created.capabilities.browserVersion,
      stopAll,
    );
  } catch (error) {
    stopAll();
    throw error;
  }
}

async function waitForDriver(base: string): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await command(`${base}/status`, 'GET');
      return;
    } catch (error) {
      if (i * 100 > HANG_AFTER_MS) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function command<T>(url: string, method: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as { value: T & { error?: string; message?: string } };
  if (!response.ok) {
    throw new Error(`WebDriver ${method} ${url}: ${json.value.error} ${json.value.message}`);
  }
  return json.value;
}

function session(url: string, version: string, stop: () => void): WebKitSession {
  const element = async (css: string): Promise<string> => {
    const found = await command<Record<string, string>>(`${url}/element`, 'POST', {
      using: 'css selector',
      value: css,
    });
    const id = found[ELEMENT];
    if (!id) throw new Error(`no element ${css}`);
    return id;
  };
  const run = <T>(body: string, ...args: unknown[]): Promise<T> =>
    command<T>(`${url}/execute/sync`, 'POST', { script: body, args });
  return {
    version,
    navigate: async (to) => {
      await command(`${url}/url`, 'POST', { url: to });
    },
    refresh: async () => {
      await command(`${url}/refresh`, 'POST', {});
    },
    run,
    async waitFor<T>(body: string, what: string): Promise<T> {
      const started = Date.now();
      for (;;) {
        const value = await run<T>(body);
        if (value) return value;
        if (Date.now() - started > HANG_AFTER_MS)
          throw new Error(`WebKit: still waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    type: async (css, text) => {
      await command(`${url}/element/${await element(css)}/value`, 'POST', { text });
    },
    click: async (css) => {
      await command(`${url}/element/${await element(css)}/click`, 'POST', {});
    },
    async close() {
      await command(url, 'DELETE').catch(() => undefined);
      stop();
    },
  };
}
