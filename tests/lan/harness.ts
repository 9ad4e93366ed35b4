/**
 * What the LAN tests share: building the companion and the test page, running a companion
 * inside a namespace as a user would run it, and Chromium processes inside namespaces with a
 * guard that records every request leaving loopback and the test LAN.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../browser/chromium.ts';
import { spawnIn } from './netns.ts';

const run = promisify(execFile);
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = path.join(ROOT, 'companion', 'dist', 'main.js');

/** Compiles the companion exactly as `npm run build:companion` does. */
export async function buildCompanion(): Promise<void> {
  await run(process.execPath, [
    path.join(ROOT, 'node_modules/typescript/bin/tsc'),
    '-p',
    path.join(ROOT, 'companion/tsconfig.json'),
  ]);
}

/** Builds tests/lan/page (directory client + peerjs) into a fresh directory to serve as dist. */
export async function buildLanPage(): Promise<string> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'kiana-lan-page-'));
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: path.join(ROOT, 'tests/lan/page'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

export interface CompanionRun {
  readonly ns: string | undefined;
  readonly port: number;
  /** Parsed JSON log lines (and raw stderr chunks). */
  readonly logs: Record<string, unknown>[];
  readonly stderr: string[];
  readonly process: ChildProcess;
  /** SIGTERM, then wait for the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `node companion/dist/main.js args…`, inside `ns` when given, and waits for "listening". */
export async function runCompanion(
  ns: string | undefined,
  args: readonly string[],
): Promise<CompanionRun> {
  const child =
    ns === undefined
      ? (await import('node:child_process')).spawn(process.execPath, [MAIN, ...args], {
          stdio: ['ignore', 'pipe', 'pipe'],
        })
      : spawnIn(ns, process.execPath, [MAIN, ...args]);
  const logs: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const port = await new Promise<number>((resolve, reject) => {
    if (child.stdout === null) return reject(new Error('no stdout'));
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry['msg'] === 'listening' && typeof entry['port'] === 'number')
          resolve(entry['port']);
      } catch {
        stderr.push(line);
      }
    });
    void exited.then((code) =>
      reject(new Error(`companion exited with ${code}: ${stderr.join('')}`)),
    );
    // "listening" is logged at info level: with --log-level warn this would wait forever.
    const late = new Error(`companion did not log "listening" within 30 s: ${stderr.join('')}`);
    setTimeout(() => reject(late), 30_000).unref();
  });
  return {
    ns,
    port,
    logs,
    stderr,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export interface NsBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** URLs requested outside loopback and the test LAN (must stay empty). */
  readonly strayRequests: string[];
  readonly pageErrors: string[];
  close(): Promise<void>;
}

/**
 * Launches a separate Chromium process inside namespace `ns` (a wrapper script runs it through
 * `ip netns exec`), with its own profile. `allowed` says which hosts requests may go to.
 */
export async function launchBrowserIn(
  ns: string | undefined,
  allowed: (hostname: string) => boolean,
  options: { args?: string[]; env?: Record<string, string> } = {},
): Promise<NsBrowser> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kiana-lan-browser-'));
  let executablePath = chromiumPath();
  if (ns !== undefined) {
    executablePath = path.join(dir, 'chromium-in-netns.sh');
    await writeFile(executablePath, `#!/bin/sh\nexec ip netns exec ${ns} ${chromiumPath()} "$@"\n`);
    await chmod(executablePath, 0o755);
  }
  const args = options.args ?? CHROMIUM_ARGS;
  const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath,
    headless: true,
    args,
    serviceWorkers: 'allow',
    ...(options.env === undefined ? {} : { env: { ...process.env, ...options.env } }),
  });
  const strayRequests: string[] = [];
  const pageErrors: string[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (['data:', 'blob:', 'about:', 'chrome:', 'chrome-error:'].includes(url.protocol)) return;
    if (!allowed(url.hostname)) strayRequests.push(request.url());
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    context,
    page,
    strayRequests,
    pageErrors,
    async close() {
      await context.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
