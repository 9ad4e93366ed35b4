import { afterEach, describe, expect, it } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import { LoopbackNetwork } from '../../../src/core/mesh/loopback.ts';
import type { DeviceId } from '@kiana/shared/ids';
import {
  bytes,
  device,
  pairedDevices,
  pairRecords,
  text,
  until,
  type TestDevice,
} from './mesh-helpers.ts';

let started: TestDevice[] = [];
afterEach(() => {
  for (const d of started) d.stop();
  started = [];
});

async function paired(network = new LoopbackNetwork()) {
  const { a, b } = await pairedDevices(network);
  started.push(a, b);
  return { network, a, b };
}

const up = (d: TestDevice, other: TestDevice) => () => d.mesh.isUp(other.me.deviceId);
const health = (d: TestDevice, other: TestDevice) =>
  d.mesh.peers().find((p) => p.deviceId === other.me.deviceId)?.health;

describe('the mesh over the loopback transport', () => {
  it('connects two paired devices, shows each other online and delivers topic messages in order', async () => {
    const { a, b } = await paired();
    await until(up(a, b), 'a up');
    await until(up(b, a), 'b up');
    expect(health(a, b)).toBe('online');
    expect(a.events).toContainEqual({ type: 'peer-up', deviceId: b.me.deviceId, kind: 'device' });
    expect(a.mesh.myDevices()).toEqual([b.me.deviceId]);
    const got: string[] = [];
    b.mesh.on('notes', (from, data) => {
      expect(from).toBe(a.me.deviceId);
      got.push(text(data));
    });
    for (let i = 0; i < 100; i++) await a.mesh.send(b.me.deviceId, 'notes', bytes(`m${i}`));
    await until(() => got.length === 100, 'all messages');
    expect(got).toEqual(Array.from({ length: 100 }, (_, i) => `m${i}`));
    await until(() => (a.mesh.peers()[0]?.rttMs ?? null) !== null, 'an RTT');
    expect(a.mesh.peers()[0]?.lastSeen).toBeGreaterThan(0);
  });

  it('chunks a 3 MiB message into 16 KiB frames with flow control and delivers it intact', async () => {
    const { a, b } = await paired();
    await until(up(a, b), 'up');
    const big = Uint8Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 7) % 256);
    let received: Uint8Array | undefined;
    b.mesh.on('blob', (_from, data) => (received = data));
    await a.mesh.send(b.me.deviceId, 'blob', big);
    await until(() => received !== undefined, 'the blob');
    expect(Buffer.from(received ?? []).equals(Buffer.from(big))).toBe(true);
  });

  it('refuses to send to a device that is not paired, or not connected', async () => {
    const { a, b } = await paired();
    await expect(
      a.mesh.send('zzzzzzzzzzzzzzzzzzzzzzzzzz' as DeviceId, 't', bytes('x')),
    ).rejects.toMatchObject({
      code: 'peer-unknown',
    });
    b.stop();
    await until(() => !a.mesh.isUp(b.me.deviceId), 'down');
    const error: unknown = await a.mesh
      .send(b.me.deviceId, 't', bytes('x'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KianaError);
    expect((error as KianaError).code).toBe('peer-offline');
  });

  it('drops a stranger that holds a token but is not paired, and both sides say why', async () => {
    const network = new LoopbackNetwork();
    const a = await device(network, 'Laptop');
    const b = await device(network, 'Phone');
    const stranger = await device(network, 'Stranger');
    // The stranger got hold of the secret a shares with b (so it finds a), but not b's keys.
    pairRecords(a, b);
    stranger.pairings = [...b.pairings];
    await a.restart();
    await stranger.restart();
    started.push(a, stranger);
    await until(() => a.events.some((e) => e.type === 'refused'), 'a refusal at a');
    expect(a.events).toContainEqual({ type: 'refused', reason: 'stranger' });
    await until(
      () => stranger.events.some((e) => e.type === 'refused'),
      'a refusal at the stranger',
    );
    expect(stranger.events).toContainEqual({
      type: 'refused',
      reason: 'refused-by-peer',
      name: 'Laptop',
    });
    expect(a.events.some((e) => e.type === 'peer-up')).toBe(false);
    expect(stranger.mesh.isUp(a.me.deviceId)).toBe(false);
  });

  it('keeps exactly one channel, the same on both sides, when both dial at once (glare)', async () => {
    const network = new LoopbackNetwork();
    const a = await device(network, 'Laptop', { shouldDial: () => true });
    const b = await device(network, 'Phone', { shouldDial: () => true });
    pairRecords(a, b);
    await a.restart();
    await b.restart();
    started.push(a, b);
    await until(up(a, b), 'a up');
    await until(up(b, a), 'b up');
    // Settled: the losing channel is gone on both sides (a fixed pause was too short under
    // load: the winner's resume could still be on its way, leaving no channel up for a moment).
    const settled = (d: typeof a) => {
      const links = d.mesh.connections();
      return links.length === 1 && links[0]?.phase === 'up';
    };
    await until(() => settled(a) && settled(b), 'one channel on each side');
    const atA = a.mesh.connections();
    const atB = b.mesh.connections();
    // The surviving channel is the same one: dialed by one side, accepted by the other.
    expect(atA[0]?.dialed).toBe(!atB[0]?.dialed);
    const got: string[] = [];
    b.mesh.on('t', (_f, d) => got.push(text(d)));
    await a.mesh.send(b.me.deviceId, 't', bytes('after glare'));
    await until(() => got.length === 1, 'delivery');
  });

  it('replaces a failed channel and resumes by sequence number: every message once, in order', async () => {
    const { network, a, b } = await paired();
    await until(up(a, b), 'up');
    await until(up(b, a), 'up');
    const got: number[] = [];
    b.mesh.on('seq', (_f, d) => got.push(Number(text(d))));
    for (let i = 0; i < 40; i++) await a.mesh.send(b.me.deviceId, 'seq', bytes(String(i)));
    // Cut the channel while frames are still queued: those are lost on the wire.
    network.cut(a.transport, b.transport);
    await until(() => !a.mesh.isUp(b.me.deviceId), 'the cut noticed');
    await until(up(a, b), 'a new channel');
    await until(up(b, a), 'a new channel at b');
    for (let i = 40; i < 50; i++) await a.mesh.send(b.me.deviceId, 'seq', bytes(String(i)));
    await until(() => got.length >= 50, 'all 50');
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('keeps a live channel when signalling (the companion) goes away', async () => {
    const { network, a, b } = await paired();
    await until(up(a, b), 'up');
    network.setSignalling(false);
    expect(a.mesh.signalling).toBe('offline');
    await new Promise((r) => setTimeout(r, 300));
    expect(health(a, b)).toBe('online');
    const got: string[] = [];
    b.mesh.on('t', (_f, d) => got.push(text(d)));
    await a.mesh.send(b.me.deviceId, 't', bytes('still here'));
    await until(() => got.length === 1, 'delivery without signalling');
  });

  it('marks a silent peer suspect, then offline, then reconnects when it speaks again', async () => {
    const { network, a, b } = await paired();
    await until(up(a, b), 'up');
    await until(up(b, a), 'up');
    await new Promise((r) => setTimeout(r, 200)); // learn the heartbeat rhythm
    network.silence(a.transport, b.transport);
    const seen = new Set<string>();
    await until(() => {
      seen.add(String(health(a, b)));
      return health(a, b) === 'offline';
    }, 'offline');
    expect(seen.has('suspect')).toBe(true);
    await until(up(a, b), 'back up through a new channel');
    expect(health(a, b)).toBe('online');
  });

  it('brings a restarted device back online with a fresh session', async () => {
    const { a, b } = await paired();
    await until(up(a, b), 'up');
    b.stop();
    await until(() => a.events.some((e) => e.type === 'peer-down'), 'peer-down');
    expect(health(a, b)).toBe('offline');
    await b.restart();
    await until(up(a, b), 'up again');
    await until(up(b, a), 'up again at b');
    const got: string[] = [];
    b.mesh.on('t', (_f, d) => got.push(text(d)));
    await a.mesh.send(b.me.deviceId, 't', bytes('welcome back'));
    await until(() => got.length === 1, 'delivery after restart');
  });

  it('unpairs on both sides when the other device is reachable', async () => {
    const { a, b } = await paired();
    await until(up(a, b), 'up');
    await until(up(b, a), 'up');
    expect(await a.mesh.unpair(b.me.deviceId)).toBe(true);
    expect(a.mesh.peers()).toEqual([]);
    await until(() => b.events.some((e) => e.type === 'unpaired-by-peer'), 'b told');
    expect(b.events).toContainEqual({
      type: 'unpaired-by-peer',
      deviceId: a.me.deviceId,
      name: 'Laptop',
      kind: 'device',
    });
    expect(b.mesh.peers()).toEqual([]);
  });

  it('tells a device that was unpaired while away as soon as it shows up again', async () => {
    const { a, b } = await paired();
    await until(up(a, b), 'up');
    b.stop();
    await until(() => !a.mesh.isUp(b.me.deviceId), 'down');
    const record = a.pairings[0];
    if (record === undefined) throw new Error('no record');
    expect(await a.mesh.unpair(b.me.deviceId)).toBe(false);
    a.pairings = [];
    await a.mesh.setPairings(
      [],
      [{ deviceId: b.me.deviceId, secret: record.secret, removedAt: 0 }],
    );
    await b.restart();
    await until(() => b.events.some((e) => e.type === 'unpaired-by-peer'), 'b told');
    await until(() => a.events.some((e) => e.type === 'told-removed'), 'a notes it');
    expect(b.mesh.peers()).toEqual([]);
  });
});
