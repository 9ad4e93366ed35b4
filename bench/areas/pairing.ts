/**
 * Pairing and mesh figures, two Chromium processes through the real companion (with its STUN),
 * each beside a baseline from the same run:
 * - pairing: link opened → pairing stored (signalling, rendezvous, channel, handshake), beside
 *   the same path without the handshake (open signalling, find the token's holder, open a channel);
 * - channel open: mesh start → authenticated channel up (signalling, directory, dial, hello and
 *   resume), beside two RTCPeerConnections in one page handing each other SDP in memory;
 * - RTT: mesh heartbeat round trip between the processes, beside an echo on an in-page channel;
 * - throughput: 8 MiB in 256 KiB messages over the mesh (16 KiB frames, flow control, acks),
 *   beside 8 MiB in raw 16 KiB frames on an in-page channel, and beside its floor: raw frames on a
 *   plain channel between the same two processes (the in-page pair shares one process's threads,
 *   so the mesh could beat it). Time per transfer; MB/s in the doc.
 */
import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { startCompanion } from '../../tests/browser/companion-process.ts';
import { launchDevice, type Device } from '../../tests/browser/devices.ts';
import { buildMeshPage } from '../../tests/browser/mesh-page.ts';
import type { Area, Figure } from '../figure.ts';

const PAIRINGS = 12;
const OPENS = 12;
const PINGS = 60;
const TRANSFERS = 5;
const TOTAL = 8 * 1024 * 1024;
const MESSAGE = 256 * 1024;

/** Calls `kianaMeshTest.<name>(...args)` in the page (a string: tsx would inject helpers). */
function call<T>(page: Page, name: string, ...args: unknown[]): Promise<T> {
  const list = args.map((a) => JSON.stringify(a)).join(',');
  return page.evaluate<T>(`globalThis.kianaMeshTest.${name}(${list})`);
}

export const pairingArea: Area = {
  name: 'pairing',
  async run(): Promise<Figure[]> {
    const page = await buildMeshPage();
    const companion = await startCompanion({ dist: page, args: ['--stun-port', '0'] });
    const devices: Device[] = [];
    try {
      for (const name of ['inviter', 'joiner']) {
        const d = await launchDevice({ name, guarded: false });
        devices.push(d);
        await d.page.goto(`${companion.url}/`);
        await d.page.waitForSelector('html[data-ready="true"]');
      }
      const [a, b] = devices.map((d) => d.page) as [Page, Page];
      const pairing: number[] = [];
      const pairingBase: number[] = [];
      for (let i = 0; i <= PAIRINGS; i++) {
        console.log(`  pairing ${i}/${PAIRINGS}`);
        const base = await call<number>(b, 'rawFind', await call<string>(a, 'invite'));
        const ours = await call<number>(b, 'join', await call<string>(a, 'invite'));
        if (i === 0) continue; // warm-up
        pairing.push(ours);
        pairingBase.push(base);
      }
      const idA = await call<string>(a, 'deviceId');
      await call(a, 'startMesh');
      const open: number[] = [];
      const openBase: number[] = [];
      for (let i = 0; i <= OPENS; i++) {
        console.log(`  channel open ${i}/${OPENS}`);
        const ours = await call<number>(b, 'startMesh', idA);
        const base = await call<number>(b, 'localOpen');
        if (i === 0) continue;
        open.push(ours);
        openBase.push(base);
      }
      const rtt: number[] = [];
      for (let i = 0; i < PINGS; i++) rtt.push(await call<number>(b, 'ping', idA));
      const rttBase = await call<number[]>(b, 'localRtt', PINGS);
      const token = `raw-${Date.now()}`;
      await Promise.all([call(a, 'rawConnect', token), call(b, 'rawConnect', token)]);
      const transfer: number[] = [];
      const transferBase: number[] = [];
      const transferFloor: number[] = [];
      for (let i = 0; i <= TRANSFERS; i++) {
        console.log(`  throughput ${i}/${TRANSFERS}`);
        await call(a, 'expect', TOTAL);
        const ours = await call<number>(b, 'throughput', idA, TOTAL, MESSAGE);
        await call(a, 'expect', TOTAL);
        const floor = await call<number>(b, 'rawThroughput', TOTAL);
        const base = await call<number>(b, 'localThroughput', TOTAL);
        if (i === 0) continue;
        transfer.push(ours);
        transferFloor.push(floor);
        transferBase.push(base);
      }
      await Promise.all([call(a, 'rawClose'), call(b, 'rawClose')]);
      return [
        {
          id: 'pairing.pair',
          label: 'pairing: link opened → pairing stored (two processes, companion)',
          runtime: 'chromium',
          ours: pairing,
          baselineLabel: 'same signalling, rendezvous and channel open, no handshake',
          baseline: pairingBase,
        },
        {
          id: 'pairing.channel-open',
          label: 'mesh start → authenticated channel up (two processes, companion)',
          runtime: 'chromium',
          ours: open,
          baselineLabel: 'RTCPeerConnection pair in one page, no server',
          baseline: openBase,
        },
        {
          id: 'pairing.rtt',
          label: 'heartbeat round trip over the mesh (two processes)',
          runtime: 'chromium',
          ours: rtt,
          baselineLabel: 'echo on an in-page data channel',
          baseline: rttBase,
        },
        {
          id: 'pairing.throughput-8mib',
          label: '8 MiB over the mesh in 256 KiB messages (two processes)',
          runtime: 'chromium',
          ours: transfer,
          baselineLabel: '8 MiB in raw 16 KiB frames on an in-page data channel',
          baseline: transferBase,
        },
        {
          id: 'pairing.throughput-8mib-floor',
          label: '8 MiB over the mesh in 256 KiB messages (two processes), beside its floor',
          runtime: 'chromium',
          ours: transfer,
          baselineLabel:
            'raw 16 KiB frames between the same two processes, same path and water marks (floor)',
          baseline: transferFloor,
        },
      ];
    } finally {
      for (const d of devices) await d.dispose();
      await companion.stop();
      await rm(page, { recursive: true, force: true });
    }
  },
};
