/**
 * The pairing link a laptop makes on `localhost` opens on another machine: the companion runs in
 * one network namespace (bound to every address, HTTPS with its local CA, mDNS), the laptop's
 * Chromium opens the app there on localhost, and the link it shows names the companion's LAN
 * name (`https://<name>.local:<port>/…`). A second Chromium process in another namespace, which
 * trusts the CA and resolves the name to the companion's address, opens that link and is asked
 * `Pair with …?`. Root only: it creates network namespaces.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../browser/chromium.ts';
import {
  buildCompanion,
  launchBrowserIn,
  ROOT,
  runCompanion,
  type CompanionRun,
  type NsBrowser,
} from './harness.ts';
import { createLan, fetchIn, isRoot, type TestLan } from './netns.ts';

const run = promisify(execFile);
const root = isRoot();
const NAME = 'kiana-pairtest';

describe.skipIf(!root)('a pairing link made on localhost, opened on another machine', () => {
  let lan: TestLan;
  let work: string;
  let companion: CompanionRun;
  let httpsPort: number;
  const browsers: NsBrowser[] = [];

  beforeAll(async () => {
    await buildCompanion();
    if (!(await import('node:fs')).existsSync(path.join(ROOT, 'dist/index.html'))) {
      await run('npm', ['run', 'build:app'], { cwd: ROOT });
    }
    lan = await createLan(2);
    work = await mkdtemp(path.join(tmpdir(), 'kiana-pair-lan-'));
    companion = await runCompanion(lan.nodes[0]?.ns, [
      ...'--host 0.0.0.0 --port 0 --https-port 0 --stun-port 0 --mdns on'.split(' '),
      ...['--name', NAME, '--data-dir', path.join(work, 'data')],
    ]);
    httpsPort = Number(companion.logs.find((l) => l['msg'] === 'listening')?.['httpsPort']);
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    // A failed beforeAll leaves these unset; the types cannot tell.
    const started = companion as CompanionRun | undefined;
    await started?.stop();
    await (lan as TestLan | undefined)?.destroy();
    if ((work as string | undefined) !== undefined)
      await rm(work, { recursive: true, force: true });
  });

  it('names the companion on the LAN, and the other machine opens it to the pairing question', async () => {
    const [server, other] = lan.nodes;
    if (server === undefined || other === undefined) throw new Error('missing nodes');
    const onLan = (host: string) =>
      ['127.0.0.1', 'localhost', `${NAME}.local`].includes(host) || host.startsWith(lan.prefix);

    const laptop = await launchBrowserIn(server.ns, onLan);
    browsers.push(laptop);
    await laptop.page.goto(`http://localhost:${companion.port}/#/devices`);
    await laptop.page.waitForSelector('html[data-ready="true"]');
    await laptop.page.getByRole('button', { name: 'Pair a device' }).click();
    const linkBox = laptop.page.getByRole('textbox', { name: 'Pairing link' });
    await expect.poll(() => linkBox.inputValue(), { timeout: 60_000 }).toMatch(/^https:/);
    const link = await linkBox.inputValue();
    expect(link.startsWith(`https://${NAME}.local:${httpsPort}/#/devices/pair?`)).toBe(true);
    // The trust step for the CA points at an address the other machine reaches over plain HTTP.
    const ca = await laptop.page.locator('[data-reach="lan"] a').getAttribute('href');
    expect(ca).toBe(`http://${server.address}:${companion.port}/ca`);

    // The other machine installs the CA from that page's certificate, as a person would once.
    const home = path.join(work, 'phone-home');
    const nssdb = path.join(home, '.pki', 'nssdb');
    await mkdir(nssdb, { recursive: true });
    const caFile = path.join(work, 'ca.crt');
    await writeFile(caFile, await fetchIn(other.ns, `${ca ?? ''}.crt`));
    await run('certutil', ['-d', `sql:${nssdb}`, '-N', '--empty-password']);
    await run('certutil', ['-d', `sql:${nssdb}`, '-A', '-t', 'C,,', '-n', 'kiana', '-i', caFile]);
    const args = [
      ...CHROMIUM_ARGS.filter((arg) => !arg.startsWith('--host-resolver-rules')),
      `--host-resolver-rules=MAP ${NAME}.local ${server.address}, MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1`,
    ];
    const phone = await launchBrowserIn(other.ns, onLan, { args, env: { HOME: home } });
    browsers.push(phone);
    await phone.page.goto(link);
    await phone.page.waitForSelector('html[data-ready="true"]');
    const heading = phone.page.getByRole('dialog').getByRole('heading');
    await expect
      .poll(() => heading.textContent(), { timeout: 90_000, interval: 500 })
      .toMatch(/^Pair with .+\?$/);
    expect(laptop.strayRequests).toEqual([]);
    expect(phone.strayRequests).toEqual([]);
  }, 180_000);
});
