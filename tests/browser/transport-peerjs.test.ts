/**
 * The PeerJS transport runs the same suite as the loopback (tests/shared/transport-suite.ts),
 * inside real Chromium, signalling through the real companion with its STUN server.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { transportCases } from '../shared/transport-suite.ts';
import { startCompanion, type CompanionProcess } from './companion-process.ts';
import { launchDevice, type Device } from './devices.ts';
import { buildMeshPage } from './mesh-page.ts';
import type { MeshTestApi } from './mesh-page/main.ts';

let page: string;
let companion: CompanionProcess;
let device: Device;

beforeAll(async () => {
  page = await buildMeshPage();
  companion = await startCompanion({ dist: page, args: ['--stun-port', '0'] });
  device = await launchDevice({ name: 'transport' });
  await device.page.goto(`${companion.url}/`);
  await device.page.waitForSelector('html[data-ready="true"]');
});

afterAll(async () => {
  await device.dispose();
  await companion.stop();
  await rm(page, { recursive: true, force: true });
});

describe('the PeerJS transport passes the shared transport suite', () => {
  for (const c of transportCases) {
    it(c.name, async () => {
      await device.page.evaluate(
        (name) => (globalThis as unknown as { kianaMeshTest: MeshTestApi }).kianaMeshTest.run(name),
        c.name,
      );
    });
  }
});
