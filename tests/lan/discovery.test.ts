/**
 * The companion on a real (namespaced) LAN: two companions discover each other over mDNS, an
 * independent mDNS client sees both, two Chromium processes each served by its own companion
 * find each other through the directory and talk over a WebRTC data channel, and stopping one
 * companion removes its entries from the other. Root only: it creates network namespaces.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LanPage, LanSnapshot } from './page/main.ts';
import {
  buildCompanion,
  buildLanPage,
  launchBrowserIn,
  runCompanion,
  ROOT,
  type CompanionRun,
  type NsBrowser,
} from './harness.ts';
import { createLan, execIn, fetchIn, isRoot, probeIn, spawnIn, type TestLan } from './netns.ts';

const root = isRoot();
if (!root)
  console.warn('tests/lan/discovery.test.ts skipped: creating network namespaces needs root.');

/**
 * A Python that has python-zeroconf: Debian's python3-zeroconf installs it for /usr/bin/python3,
 * which a pyenv or venv `python3` earlier on PATH would not see.
 */
function zeroconfPython(): string {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(candidate, ['-c', 'import zeroconf'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error('python-zeroconf is missing: apt-get install -y python3-zeroconf');
}

interface Health {
  status: string;
  version: string;
  companion: { id: string; name: string };
  companions: { id: string; name: string; addresses: string[]; linked: boolean }[];
  peers: number;
}

describe.skipIf(!root)('companions on a LAN of network namespaces', () => {
  let lan: TestLan;
  let page: string;
  const dataDirs: string[] = [];
  const companions: CompanionRun[] = [];
  const browsers: NsBrowser[] = [];
  const secret = 'a1'.repeat(32);

  const health = async (i: number): Promise<Health> => {
    const node = lan.nodes[i];
    const companion = companions[i];
    if (node === undefined || companion === undefined) throw new Error('no such node');
    return JSON.parse(
      await fetchIn(node.ns, `http://127.0.0.1:${companion.port}/healthz`),
    ) as Health;
  };
  const onLan = (host: string) =>
    host === '127.0.0.1' || host === 'localhost' || host.startsWith(lan.prefix);

  beforeAll(async () => {
    await buildCompanion();
    page = await buildLanPage();
    lan = await createLan(3);
    for (const [i, name] of ['kiana-a', 'kiana-b'].entries()) {
      const node = lan.nodes[i];
      if (node === undefined) throw new Error('missing node');
      const dataDir = await mkdtemp(path.join(tmpdir(), `kiana-lan-${name}-`));
      dataDirs.push(dataDir);
      companions.push(
        await runCompanion(node.ns, [
          ...'--host 0.0.0.0 --port 8787 --https-port 8443 --stun-port 3478 --mdns on'.split(' '),
          ...['--name', name, '--data-dir', dataDir, '--dist', page, '--log-level', 'debug'],
        ]),
      );
    }
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    for (const companion of companions) await companion.stop().catch(() => undefined);
    // beforeAll may have failed before the LAN existed.
    await (lan as TestLan | undefined)?.destroy();
    for (const dir of [...dataDirs, page]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('discover each other over mDNS and list each other in /healthz', async () => {
    await expect
      .poll(async () => (await health(0)).companions.map((c) => c.name), {
        timeout: 60_000,
        interval: 500,
      })
      .toEqual(['kiana-b']);
    await expect
      .poll(async () => (await health(1)).companions.map((c) => c.name), {
        timeout: 60_000,
        interval: 500,
      })
      .toEqual(['kiana-a']);
    const [a, b] = [await health(0), await health(1)];
    expect(a.companions[0]?.addresses).toContain(lan.nodes[1]?.address);
    expect(b.companions[0]?.addresses).toContain(lan.nodes[0]?.address);
    expect(a.companions[0]?.id).toBe(b.companion.id);
    // The link between them comes up too (the smaller id dials).
    await expect
      .poll(async () => (await health(0)).companions[0]?.linked, { timeout: 30_000 })
      .toBe(true);
  });

  it('are both seen by an independent mDNS client (python-zeroconf)', async () => {
    const probe = lan.nodes[2];
    if (probe === undefined) throw new Error('missing node');
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawnIn(probe.ns, zeroconfPython(), [
        path.join(ROOT, 'tests/lan/mdns-browse.py'),
        '8',
      ]);
      let out = '';
      let err = '';
      child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.once('exit', (code) =>
        code === 0 ? resolve(out) : reject(new Error(`zeroconf exited ${code}: ${err}`)),
      );
    });
    const found = stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(
        (line) =>
          JSON.parse(line) as { name: string; id: string; addresses: string[]; port: number },
      );
    const ids = [(await health(0)).companion.id, (await health(1)).companion.id];
    expect(found.map((f) => f.id).sort()).toEqual([...ids].sort());
    for (const f of found) {
      expect(f.name).toMatch(/^kiana-[ab]-[a-z2-7]{8}\._kiana\._tcp\.local\.$/);
      expect(f.port).toBe(8787);
    }
  });

  it('send other devices from plain HTTP to HTTPS, with a certificate for their LAN address', async () => {
    const [a, b] = lan.nodes;
    if (a === undefined || b === undefined) throw new Error('missing nodes');
    expect(await probeIn(a.ns, `http://${b.address}:8787/some/page?x=1`)).toEqual({
      status: 308,
      location: `https://${b.address}:8443/some/page?x=1`,
    });
    // The CA page stays reachable over HTTP: a device fetches it before it trusts anything.
    expect((await probeIn(a.ns, `http://${b.address}:8787/ca.crt`)).status).toBe(200);
    const caOfB = path.join(dataDirs[1] ?? '', 'tls', 'ca.crt');
    expect(await probeIn(a.ns, `https://${b.address}:8443/healthz`, caOfB)).toEqual({
      status: 200,
      location: null,
    });
  });

  it('tell a host on the LAN only that a companion runs, never who is online', async () => {
    const [a, b] = lan.nodes;
    if (a === undefined || b === undefined) throw new Error('missing nodes');
    const local = await health(1);
    expect(local.status).toBe('ok');
    expect(local).toHaveProperty('peers');
    // /healthz stays on plain HTTP over the LAN (monitoring), and says status and version only.
    const seen = JSON.parse(await fetchIn(a.ns, `http://${b.address}:8787/healthz`)) as unknown;
    expect(seen).toEqual({ status: 'ok', version: local.version });
  });

  it('re-announce and re-issue the certificate when a companion’s addresses change', async () => {
    const b = lan.nodes[1];
    if (b === undefined) throw new Error('missing node');
    const extra = `${lan.prefix}12`;
    await execIn(b.ns, 'ip', ['addr', 'add', `${extra}/24`, 'dev', 'eth0']);
    await expect
      .poll(async () => (await health(0)).companions.find((c) => c.name === 'kiana-b')?.addresses, {
        timeout: 60_000,
        interval: 500,
      })
      .toContain(extra);
    const issued = companions[1]?.logs.filter((l) => l['msg'] === 'issued server certificate');
    expect(issued?.at(-1)?.['ips']).toContain(extra);
    const caOfB = path.join(dataDirs[1] ?? '', 'tls', 'ca.crt');
    expect(
      (await probeIn(lan.nodes[0]?.ns ?? '', `https://${extra}:8443/healthz`, caOfB)).status,
    ).toBe(200);
    // The link between the companions survives the re-announcement.
    await expect
      .poll(async () => (await health(0)).companions[0]?.linked, { timeout: 30_000 })
      .toBe(true);
  });

  it('let two browsers, each on its own companion, find each other and talk over a data channel', async () => {
    for (const [i, node] of lan.nodes.slice(0, 2).entries()) {
      const browser = await launchBrowserIn(node.ns, onLan);
      browsers.push(browser);
      await browser.page.goto(`http://127.0.0.1:${companions[i]?.port ?? 0}/`);
      await browser.page.waitForSelector('html[data-ready="true"]');
    }
    const start = (b: NsBrowser) =>
      b.page.evaluate(
        (s) => (globalThis as unknown as { kianaLan: LanPage }).kianaLan.start(s),
        secret,
      );
    const [idA, idB] = await Promise.all(browsers.map(start));
    const snap = (b: NsBrowser | undefined) =>
      b === undefined
        ? Promise.reject(new Error('no browser'))
        : b.page.evaluate(() =>
            (globalThis as unknown as { kianaLan: LanPage }).kianaLan.snapshot(),
          );
    await expect
      .poll(async () => (await snap(browsers[0])).matches, { timeout: 60_000 })
      .toEqual([idB]);
    await expect
      .poll(async () => (await snap(browsers[1])).received, { timeout: 90_000, interval: 500 })
      .toEqual([{ from: idA, text: `hello from ${idA}` }]);
    await expect
      .poll(async () => (await snap(browsers[0])).received, { timeout: 30_000 })
      .toEqual([{ from: idB, text: `hello from ${idB}` }]);
    const a: LanSnapshot = await snap(browsers[0]);
    // The companion offers only its own STUN, on its LAN address, and Chromium got a
    // server-reflexive candidate from it (usable even where multicast `.local` names fail).
    expect(a.iceServers).toEqual([`stun:${lan.nodes[0]?.address}:3478`]);
    const candidates = await browsers[0]?.page.evaluate(() =>
      (globalThis as unknown as { kianaLan: LanPage }).kianaLan.gatherCandidates(),
    );
    expect(candidates).toContain(`srflx ${lan.nodes[0]?.address}`);
    expect(a.errors).toEqual([]);
    for (const browser of browsers) {
      expect(browser.strayRequests).toEqual([]);
      expect(browser.pageErrors).toEqual([]);
    }
  });

  it('forget the entries of a companion that stops, within their lifetime', async () => {
    const stoppedAt = Date.now();
    expect(await companions[1]?.stop()).toBe(0);
    const snap = () =>
      browsers[0]?.page.evaluate(() =>
        (globalThis as unknown as { kianaLan: LanPage }).kianaLan.snapshot(),
      );
    await expect
      .poll(async () => (await snap())?.matches, { timeout: 60_000, interval: 250 })
      .toEqual([]);
    expect(Date.now() - stoppedAt).toBeLessThan(60_000);
    // Its mDNS goodbye also takes it off the other's list.
    await expect.poll(async () => (await health(0)).companions, { timeout: 30_000 }).toEqual([]);
    const goodbye = companions[1]?.logs.some((l) => l['msg'] === 'closed');
    expect(goodbye).toBe(true);
  });
});
