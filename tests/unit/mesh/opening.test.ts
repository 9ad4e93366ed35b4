/**
 * What a channel reveals before both sides proved a pairing: nothing but a nonce. Strangers who
 * know a device's transport address (the companion, a LAN host posing as one) dial it directly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { toBase64Url } from '@kiana/shared/protocol/base64url';
import { controlFrame, parseFrame } from '@kiana/shared/protocol/frames';
import { LoopbackNetwork } from '../../../src/core/mesh/loopback.ts';
import type { Channel } from '../../../src/core/mesh/transport.ts';
import { crypto } from '../pairing/helpers.ts';
import { device, pairedDevices, pairRecords, until, type TestDevice } from './mesh-helpers.ts';

const c = await crypto();
let started: TestDevice[] = [];
afterEach(() => {
  for (const d of started) d.stop();
  started = [];
});

/** Dials `address` as a stranger and records every frame until the channel closes. */
async function strangerDials(network: LoopbackNetwork, address: string) {
  const channel: Channel = await network.transport().dial(address);
  const frames: Uint8Array[] = [];
  const opened = Date.now();
  let closedAfter: number | undefined;
  channel.listen({
    frame: (f) => frames.push(f),
    drain: () => undefined,
    close: () => (closedAfter = Date.now() - opened),
  });
  return { channel, frames, closedAfter: () => closedAfter };
}

/** True when `needle` occurs in `hay`. */
function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(hay).includes(Buffer.from(needle));
}

function revealsNothing(frames: readonly Uint8Array[], d: TestDevice, proof = false): void {
  const key = d.me.signPublicKey;
  for (const frame of frames) {
    for (const secret of [
      key,
      new TextEncoder().encode(toBase64Url(key)),
      Buffer.from(d.me.name),
    ]) {
      expect(contains(frame, secret)).toBe(false);
    }
  }
  // A challenge is all there is (one nonce), and for a dialer its proof (a MAC).
  const kinds = frames.map((f) => {
    const frame = parseFrame(f);
    return frame.kind === 'control' ? frame.message.t : 'data';
  });
  expect(kinds).toEqual(proof ? ['challenge', 'proof'] : ['challenge']);
}

async function pairedPair(network: LoopbackNetwork, aOptions = {}) {
  const pair = await pairedDevices(network, aOptions);
  started.push(pair.a, pair.b);
  return pair;
}

describe('opening a mesh channel', () => {
  it('gives a stranger who dials a device only a nonce, closes it at the proof deadline, and paired devices still connect', async () => {
    const network = new LoopbackNetwork();
    const log: string[] = [];
    const { a, b } = await pairedPair(network, {
      openTimeoutMs: 300,
      log: (m: string) => log.push(m),
    });
    const stranger = await strangerDials(network, a.transport.self);
    await until(() => stranger.closedAfter() !== undefined, 'the stranger closed out');
    // Closed by the deadline for a proof, not by anything the stranger sent.
    expect(log.some((m) => m.endsWith('no proof in time'))).toBe(true);
    revealsNothing(stranger.frames, a);
    await until(() => a.mesh.isUp(b.me.deviceId) && b.mesh.isUp(a.me.deviceId), 'a and b up');
    expect(a.events.filter((e) => e.type === 'peer-up')).toHaveLength(1);
  });

  it('closes a stranger with a made-up proof at once, unanswered', async () => {
    const network = new LoopbackNetwork();
    const { a } = await pairedPair(network);
    const stranger = await strangerDials(network, a.transport.self);
    stranger.channel.send(
      controlFrame({ t: 'challenge', v: 1, nonce: c.primitives.randomBytes(32) }),
    );
    stranger.channel.send(controlFrame({ t: 'proof', mac: c.primitives.randomBytes(32) }));
    await until(() => stranger.closedAfter() !== undefined, 'the stranger closed out');
    revealsNothing(stranger.frames, a);
    expect(a.events).toContainEqual({ type: 'refused', reason: 'stranger' });
  });

  it('gives a fake peer the directory lists under our token only a nonce and a proof it cannot use', async () => {
    const network = new LoopbackNetwork();
    const a = await device(network, 'Laptop', { shouldDial: () => true });
    const b = await device(network, 'Phone');
    pairRecords(a, b);
    await a.restart();
    started.push(a);
    // A companion can list anyone under a token it saw: here a transport announces it, with no mesh.
    const fake = network.transport();
    const frames: Uint8Array[] = [];
    let closed = false;
    fake.listen({
      channel: (ch) => {
        ch.listen({
          frame: (f) => frames.push(f),
          drain: () => undefined,
          close: () => (closed = true),
        });
        ch.send(controlFrame({ t: 'challenge', v: 1, nonce: c.primitives.randomBytes(32) }));
      },
      present: () => undefined,
      state: () => undefined,
    });
    await fake.announce([a.pairings[0]?.secret ?? new Uint8Array()]);
    await until(() => closed, 'the fake closed out');
    revealsNothing(frames, a, true);
    expect(a.mesh.isUp(b.me.deviceId)).toBe(false);
  });

  it('drops a relay that terminates DTLS on each side before any hello crosses', async () => {
    const network = new LoopbackNetwork();
    const { a, b } = await pairedPair(network);
    // Presence arrives on a later tick, so the relay is in place before the first dial.
    network.relay(a.transport, b.transport);
    const refused = () => [...a.events, ...b.events].some((e) => e.type === 'refused');
    await until(refused, 'a refusal');
    // The proofs cover both fingerprints, so they fail: nobody learns a name through the relay.
    expect([...a.events, ...b.events]).toContainEqual({ type: 'refused', reason: 'stranger' });
    expect(a.mesh.isUp(b.me.deviceId) || b.mesh.isUp(a.me.deviceId)).toBe(false);
  });

  for (const dialer of ['the remover', 'the removed device'] as const) {
    it(`tells a device removed while away that it was removed, when ${dialer} dials`, async () => {
      const network = new LoopbackNetwork();
      const aDials = dialer === 'the remover';
      const a = await device(network, 'Laptop', { shouldDial: () => aDials });
      const b = await device(network, 'Phone', { shouldDial: () => !aDials });
      pairRecords(a, b);
      const secret = a.pairings[0]?.secret ?? new Uint8Array();
      a.pairings = [];
      await a.restart({ removed: [{ deviceId: b.me.deviceId, secret, removedAt: 0 }] });
      await b.restart();
      started.push(a, b);
      await until(() => b.events.some((e) => e.type === 'unpaired-by-peer'), 'b told');
      await until(() => a.events.some((e) => e.type === 'told-removed'), 'a notes it');
      expect(b.mesh.peers()).toEqual([]);
      expect(a.events.some((e) => e.type === 'peer-up' || e.type === 'renamed')).toBe(false);
    });
  }
});
