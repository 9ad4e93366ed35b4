/**
 * HTTPS that a device trusts after one install of the companion's CA: a Chromium profile whose
 * NSS database trusts /ca.crt loads the app over HTTPS by name (`kiana-test.local`, mapped to
 * loopback) and its service worker registers; a profile without the CA is refused. Needs no root.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CHROMIUM_ARGS } from '../browser/chromium.ts';
import { waitForServiceWorker } from '../browser/devices.ts';
import {
  buildCompanion,
  launchBrowserIn,
  ROOT,
  runCompanion,
  type CompanionRun,
  type NsBrowser,
} from './harness.ts';

const run = promisify(execFile);
const NAME = 'kiana-test';

/** Chromium flags with one host mapped to loopback; everything else still resolves to nothing. */
const ARGS = [
  ...CHROMIUM_ARGS.filter((arg) => !arg.startsWith('--host-resolver-rules')),
  `--host-resolver-rules=MAP ${NAME}.local 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1`,
];
const allowed = (host: string) => [`${NAME}.local`, '127.0.0.1', 'localhost'].includes(host);

describe('HTTPS with the companion’s local CA', () => {
  let companion: CompanionRun;
  let httpsPort: number;
  let work: string;
  const browsers: NsBrowser[] = [];

  beforeAll(async () => {
    await buildCompanion();
    if (!existsSync(path.join(ROOT, 'dist/index.html'))) {
      await run('npm', ['run', 'build:app'], { cwd: ROOT });
    }
    work = await mkdtemp(path.join(tmpdir(), 'kiana-https-'));
    companion = await runCompanion(undefined, [
      ...'--host 127.0.0.1 --port 0 --https-port 0 --stun-port off --mdns off'.split(' '),
      ...['--name', NAME, '--data-dir', path.join(work, 'data')],
    ]);
    const listening = companion.logs.find((l) => l['msg'] === 'listening');
    httpsPort = Number(listening?.['httpsPort']);
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await companion.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('offers its CA with the fingerprint and install steps', async () => {
    const page = await (await fetch(`http://127.0.0.1:${companion.port}/ca`)).text();
    const created = companion.logs.find((l) => l['msg'] === 'created local CA');
    expect(page).toContain(String(created?.['fingerprint']));
    expect(page).toContain('iPhone');
    const ca = await fetch(`http://127.0.0.1:${companion.port}/ca.crt`);
    expect(ca.headers.get('content-type')).toBe('application/x-x509-ca-cert');
    expect(await ca.text()).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('loads the app by name over HTTPS in a profile that trusts the CA, and the service worker registers', async () => {
    // Chromium on Linux reads trust from $HOME/.pki/nssdb, so this browser gets its own HOME.
    const home = path.join(work, 'home');
    const nssdb = path.join(home, '.pki', 'nssdb');
    await mkdir(nssdb, { recursive: true });
    const caFile = path.join(work, 'ca.crt');
    await writeFile(
      caFile,
      await (await fetch(`http://127.0.0.1:${companion.port}/ca.crt`)).text(),
    );
    await run('certutil', ['-d', `sql:${nssdb}`, '-N', '--empty-password']);
    await run('certutil', ['-d', `sql:${nssdb}`, '-A', '-t', 'C,,', '-n', 'kiana', '-i', caFile]);

    const browser = await launchBrowserIn(undefined, allowed, { args: ARGS, env: { HOME: home } });
    browsers.push(browser);
    const url = `https://${NAME}.local:${httpsPort}/`;
    const response = await browser.page.goto(url);
    expect(response?.status()).toBe(200);
    await browser.page.waitForSelector('html[data-ready="true"]');
    expect(await browser.page.evaluate(() => window.isSecureContext && crossOriginIsolated)).toBe(
      true,
    );
    await waitForServiceWorker(browser.page);
    const scope = await browser.page.evaluate(
      async () => (await navigator.serviceWorker.ready).scope,
    );
    expect(scope).toBe(url);
    expect(browser.strayRequests).toEqual([]);
    expect(browser.pageErrors).toEqual([]);
  });

  it('serves the directory over wss with the same certificate', async () => {
    const ca = await readFile(path.join(work, 'data', 'tls', 'ca.crt'));
    const socket = new WebSocket(`wss://localhost:${httpsPort}/directory`, { ca });
    const welcome = await new Promise<Record<string, unknown>>((resolve, reject) => {
      socket.once('message', (data: Buffer) =>
        resolve(JSON.parse(data.toString()) as Record<string, unknown>),
      );
      socket.once('error', reject);
    });
    expect(welcome['t']).toBe('welcome');
    socket.close();
  });

  it('is refused by a profile that never installed the CA', async () => {
    const home = path.join(work, 'untrusting-home');
    await mkdir(home, { recursive: true });
    const browser = await launchBrowserIn(undefined, allowed, { args: ARGS, env: { HOME: home } });
    browsers.push(browser);
    await expect(browser.page.goto(`https://${NAME}.local:${httpsPort}/`)).rejects.toThrow(
      /ERR_CERT_AUTHORITY_INVALID/,
    );
  });

  // Redirecting other devices to HTTPS is checked across namespaces in discovery.test.ts.
  it('keeps serving the app to this machine over plain HTTP', async () => {
    const local = await fetch(`http://127.0.0.1:${companion.port}/`, { redirect: 'manual' });
    expect(local.status).toBe(200);
  });
});
