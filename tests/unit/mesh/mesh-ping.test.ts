/**
 * `Mesh.ping` (the bench's round trip) is settled by its own pong, or fails when the channel
 * closes first or there is none.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LoopbackNetwork } from '../../../src/core/mesh/loopback.ts';
import type { DeviceId } from '@kiana/shared/ids';
import { pairedDevices, until, type TestDevice } from './mesh-helpers.ts';

let started: TestDevice[] = [];
afterEach(() => {
  for (const d of started) d.stop();
  started = [];
});

async function up(network: LoopbackNetwork) {
  const { a, b } = await pairedDevices(network);
  started.push(a, b);
  await until(() => a.mesh.isUp(b.me.deviceId) && b.mesh.isUp(a.me.deviceId), 'both up');
  return { a, b };
}

describe('a ping over the mesh', () => {
  it('resolves with the round trip once the pong is back, many at once', async () => {
    const { a, b } = await up(new LoopbackNetwork());
    const rtts = await Promise.all([1, 2, 3].map(() => a.mesh.ping(b.me.deviceId)));
    for (const rtt of rtts) {
      expect(Number.isFinite(rtt)).toBe(true);
      expect(rtt).toBeGreaterThanOrEqual(0);
    }
  });

  it('fails as peer-offline for a device that is not up', async () => {
    const { a } = await up(new LoopbackNetwork());
    await expect(a.mesh.ping('zzzzzzzzzzzzzzzzzzzzzzzzzz' as DeviceId)).rejects.toMatchObject({
      code: 'peer-offline',
    });
  });

  it('fails as timeout when the channel closes before the pong', async () => {
    const network = new LoopbackNetwork();
    const { a, b } = await up(network);
    // Frames vanish from now on, so the pong never comes; then the channel fails.
    network.silence(a.transport, b.transport);
    const ping = a.mesh.ping(b.me.deviceId);
    network.cut(a.transport, b.transport);
    await expect(ping).rejects.toMatchObject({ code: 'timeout' });
    expect(a.mesh.isUp(b.me.deviceId)).toBe(false);
  });
});
