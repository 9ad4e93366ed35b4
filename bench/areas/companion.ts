/**
 * Companion figures, each beside a baseline taken in the same run:
 * - discovery: from a companion's start until another companion lists it in /healthz (mDNS),
 *   beside the time until the new companion answers its own /healthz (its start-up alone).
 *   Needs root (two network namespaces joined by a bridge); skipped with a note otherwise.
 * - data channel: from `peer.connect()` to an open channel between two Chromium processes
 *   signalling through the companion (with its STUN), beside two RTCPeerConnections in one page
 *   that hand each other offer, answer and candidates in memory.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LanPage } from '../../tests/lan/page/main.ts';
import {
  buildCompanion,
  buildLanPage,
  launchBrowserIn,
  ROOT,
  runCompanion,
  type NsBrowser,
} from '../../tests/lan/harness.ts';
import { createLan, execIn, isRoot } from '../../tests/lan/netns.ts';
import type { Area, Figure } from '../figure.ts';

const DISCOVERY_RUNS = 8;
const CHANNEL_RUNS = 30;

/**
 * Runs inside the second namespace: starts companion B, then polls B's own /healthz and A's
 * /healthz (over the bridge) every 5 ms, printing both times since the spawn. Running the clock
 * next to the processes keeps namespace hops out of the numbers.
 */
const PROBE = `
import { spawn } from 'node:child_process';
const [main, aUrl, dataDir, dist] = process.argv.slice(2);
const started = performance.now();
const child = spawn(process.execPath, [main, '--host', '0.0.0.0', '--port', '8787', '--https-port', 'off',
  '--stun-port', 'off', '--mdns', 'on', '--name', 'kiana-bench-b', '--data-dir', dataDir, '--dist', dist,
  '--log-level', 'warn'], { stdio: 'ignore' });
const get = (url) =>
  fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.json()).catch(() => undefined);
// Two independent loops, so one slow answer never delays noticing the other.
const poll = async (check) => {
  for (;;) {
    const ok = await check();
    const now = performance.now() - started;
    if (ok) return now;
    if (now > 30000) return undefined;
    await new Promise((r) => setTimeout(r, 5));
  }
};
const [health, discovered] = await Promise.all([
  poll(async () => (await get('http://127.0.0.1:8787/healthz')) !== undefined),
  poll(async () => (await get(aUrl))?.companions?.some((c) => c.name === 'kiana-bench-b') === true),
]);
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
process.stdout.write(JSON.stringify({ health, discovered }));
`;

async function discoveryFigure(page: string): Promise<Figure | undefined> {
  if (!isRoot()) {
    console.log('  companion.discovery skipped: network namespaces need root');
    return undefined;
  }
  const lan = await createLan(2);
  const work = await mkdtemp(path.join(tmpdir(), 'kiana-bench-companion-'));
  const [a, b] = lan.nodes;
  if (a === undefined || b === undefined) throw new Error('missing nodes');
  const companionA = await runCompanion(a.ns, [
    ...'--host 0.0.0.0 --port 8787 --https-port off --stun-port off --mdns on'.split(' '),
    ...['--name', 'kiana-bench-a', '--data-dir', path.join(work, 'a'), '--dist', page],
  ]);
  const ours: number[] = [];
  const baseline: number[] = [];
  try {
    const probe = path.join(work, 'probe.mjs');
    await writeFile(probe, PROBE);
    const main = path.join(ROOT, 'companion/dist/main.js');
    for (let i = 0; i < DISCOVERY_RUNS; i++) {
      console.log(`  companion.discovery ${i + 1}/${DISCOVERY_RUNS}`);
      const out = await execIn(
        b.ns,
        process.execPath,
        [probe, main, `http://${a.address}:8787/healthz`, path.join(work, 'b'), page],
        60_000,
      );
      const { health, discovered } = JSON.parse(out) as { health?: number; discovered?: number };
      if (health === undefined || discovered === undefined) throw new Error(`probe failed: ${out}`);
      baseline.push(health);
      ours.push(discovered);
      // Let A hear B's goodbye before the next start, so every sample is a first discovery.
      await new Promise((r) => setTimeout(r, 1500));
    }
  } finally {
    await companionA.stop();
    await lan.destroy();
    await rm(work, { recursive: true, force: true });
  }
  return {
    id: 'companion.discovery',
    label: 'companion start → listed by another companion (mDNS)',
    runtime: 'node',
    ours,
    baselineLabel: 'companion start → its own first /healthz answer',
    baseline,
  };
}

async function channelFigure(page: string): Promise<Figure> {
  const work = await mkdtemp(path.join(tmpdir(), 'kiana-bench-channel-'));
  const companion = await runCompanion(undefined, [
    ...'--host 127.0.0.1 --port 0 --stun-port 0'.split(' '),
    ...['--dist', page, '--data-dir', work],
  ]);
  const browsers: NsBrowser[] = [];
  try {
    const local = (host: string) => host === '127.0.0.1' || host === 'localhost';
    for (let i = 0; i < 2; i++) {
      const browser = await launchBrowserIn(undefined, local);
      browsers.push(browser);
      await browser.page.goto(`http://127.0.0.1:${companion.port}/`);
      await browser.page.waitForSelector('html[data-ready="true"]');
    }
    const [first, second] = browsers;
    if (first === undefined || second === undefined) throw new Error('no browsers');
    // Same secret for both: they find each other through the directory, as in the LAN test.
    const secret = 'b2'.repeat(32);
    console.log('  companion: browsers loaded, joining the directory');
    await second.page.evaluate(
      (s) => (globalThis as unknown as { kianaLan: LanPage }).kianaLan.start(s),
      secret,
    );
    const secondId = await second.page.evaluate(
      () => (globalThis as unknown as { kianaLan: LanPage }).kianaLan.snapshot().id,
    );
    await first.page.evaluate(
      (s) => (globalThis as unknown as { kianaLan: LanPage }).kianaLan.start(s),
      secret,
    );
    const ours: number[] = [];
    const baseline: number[] = [];
    // Alternate the two so drift on a busy machine hits both alike; the first of each warms up.
    for (let i = 0; i <= CHANNEL_RUNS; i++) {
      if (i % 10 === 0) console.log(`  companion.datachannel-open ${i}/${CHANNEL_RUNS}`);
      const through = await first.page.evaluate(
        (id) => (globalThis as unknown as { kianaLan: LanPage }).kianaLan.timedConnect(id),
        secondId,
      );
      const inPage = await first.page.evaluate(() =>
        (globalThis as unknown as { kianaLan: LanPage }).kianaLan.timedLocalPair(),
      );
      if (i === 0) continue;
      ours.push(through);
      baseline.push(inPage);
    }
    return {
      id: 'companion.datachannel-open',
      label: 'data channel open, two Chromium processes signalling through the companion',
      runtime: 'chromium',
      ours,
      baselineLabel: 'RTCPeerConnection pair in one page, no server',
      baseline,
    };
  } finally {
    for (const browser of browsers) await browser.close();
    await companion.stop();
    await rm(work, { recursive: true, force: true });
  }
}

export const companionArea: Area = {
  name: 'companion',
  async run() {
    await buildCompanion();
    const page = await buildLanPage();
    console.log('  companion: built the companion and the test page');
    try {
      const figures = [await channelFigure(page)];
      const discovery = await discoveryFigure(page);
      if (discovery !== undefined) figures.unshift(discovery);
      return figures;
    } finally {
      await rm(page, { recursive: true, force: true });
    }
  },
};
