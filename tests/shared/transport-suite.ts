/**
 * The one test suite every Transport adapter runs (DESIGN.md: shared suites for adapters). Plain
 * async functions with no test-runner import, so the loopback runs them under vitest
 * (tests/unit/mesh/transport-loopback.test.ts) and the PeerJS adapter runs them inside real
 * Chromium through the real companion (tests/browser/transport-peerjs.test.ts).
 */
import type { Channel, Presence, Transport } from '../../src/core/mesh/transport.ts';

/** Makes a fresh transport; every case closes what it made. */
export type MakeTransport = () => Promise<Transport>;

export interface TransportCase {
  readonly name: string;
  readonly run: (make: MakeTransport) => Promise<void>;
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function waitFor(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A transport with its events recorded. */
interface Watched {
  readonly t: Transport;
  present: readonly Presence[];
  readonly incoming: Channel[];
}

async function watched(make: MakeTransport, secret: Uint8Array): Promise<Watched> {
  const t = await make();
  const w: Watched = { t, present: [], incoming: [] };
  t.listen({
    channel: (c) => w.incoming.push(c),
    present: (p) => (w.present = p),
    state: () => undefined,
  });
  await t.announce([secret]);
  return w;
}

const secret = (fill: number): Uint8Array => new Uint8Array(32).fill(fill);

/** Two transports holding the same secret, once each sees the other. */
async function pair(make: MakeTransport): Promise<[Watched, Watched]> {
  const s = secret(Math.floor(Math.random() * 200) + 1);
  const a = await watched(make, s);
  const b = await watched(make, s);
  await waitFor(
    () => a.present.some((p) => p.peer === b.t.self) && b.present.some((p) => p.peer === a.t.self),
    'mutual presence',
  );
  return [a, b];
}

/** Dials b from a and returns both open ends. */
async function connect(a: Watched, b: Watched): Promise<[Channel, Channel]> {
  const near = await a.t.dial(b.t.self);
  await waitFor(() => b.incoming.some((c) => c.remote === a.t.self), 'the incoming channel');
  const far = b.incoming.find((c) => c.remote === a.t.self);
  check(far !== undefined, 'no incoming channel');
  return [near, far];
}

function collect(channel: Channel): { frames: Uint8Array[]; closed: boolean; drains: number } {
  const seen = { frames: [] as Uint8Array[], closed: false, drains: 0 };
  channel.listen({
    frame: (f) => seen.frames.push(f),
    drain: () => (seen.drains += 1),
    close: () => (seen.closed = true),
  });
  return seen;
}

function closeAll(...ws: Watched[]): void {
  for (const w of ws) w.t.close();
}

export const transportCases: readonly TransportCase[] = [
  {
    name: 'peers holding the same secret see each other, and a peer with another secret sees neither',
    async run(make) {
      const [a, b] = await pair(make);
      const c = await watched(make, secret(250));
      await new Promise((r) => setTimeout(r, 500));
      check(!a.present.some((p) => p.peer === c.t.self), 'a sees c');
      check(c.present.length === 0, 'c sees someone');
      check(a.present.find((p) => p.peer === b.t.self)?.token.length === 26, 'token shape');
      closeAll(a, b, c);
    },
  },
  {
    name: 'a dialed channel opens on both sides with the dial flag and mirrored DTLS fingerprints',
    async run(make) {
      const [a, b] = await pair(make);
      const [near, far] = await connect(a, b);
      check(near.open && far.open, 'not open');
      check(near.dialed && !far.dialed, 'dial flags');
      check(near.remote === b.t.self && far.remote === a.t.self, 'remote addresses');
      check(/^sha-256 [0-9A-F]{2}(:[0-9A-F]{2}){31}$/.test(near.localFingerprint), 'fp format');
      check(near.localFingerprint === far.remoteFingerprint, 'near local ≠ far remote');
      check(near.remoteFingerprint === far.localFingerprint, 'near remote ≠ far local');
      check(near.localFingerprint !== near.remoteFingerprint, 'same certificate on both ends');
      closeAll(a, b);
    },
  },
  {
    name: 'frames arrive whole and in order in both directions, up to 16 KiB each',
    async run(make) {
      const [a, b] = await pair(make);
      const [near, far] = await connect(a, b);
      const atFar = collect(far);
      const atNear = collect(near);
      const sizes = [1, 100, 16 * 1024, 0, 5000, 16 * 1024 - 1];
      const sent: Uint8Array[] = [];
      for (let i = 0; i < 300; i++) {
        const frame = new Uint8Array(sizes[i % sizes.length] ?? 1).fill(i % 251);
        if (frame.length > 0) frame[0] = i % 256;
        sent.push(frame);
        near.send(frame);
      }
      far.send(new Uint8Array([7, 7, 7]));
      await waitFor(() => atFar.frames.length === sent.length, 'all frames');
      await waitFor(() => atNear.frames.length === 1, 'the reply');
      sent.forEach((frame, i) => {
        const got = atFar.frames[i];
        check(got?.length === frame.length, `frame ${i} length`);
        check(
          got.every((byte, j) => byte === frame[j]),
          `frame ${i} content`,
        );
      });
      closeAll(a, b);
    },
  },
  {
    name: 'the send buffer fills under a burst and drains, and every frame arrives',
    async run(make) {
      const [a, b] = await pair(make);
      const [near, far] = await connect(a, b);
      const atNear = collect(near);
      const atFar = collect(far);
      const frame = new Uint8Array(16 * 1024).fill(9);
      let peak = 0;
      for (let i = 0; i < 256; i++) {
        near.send(frame);
        peak = Math.max(peak, near.bufferedAmount);
      }
      check(peak > 0, 'bufferedAmount never rose');
      await waitFor(() => atFar.frames.length === 256, 'the burst');
      await waitFor(() => near.bufferedAmount === 0, 'an empty buffer');
      check(atNear.drains >= 1, 'no drain event');
      closeAll(a, b);
    },
  },
  {
    name: 'closing one end closes the other',
    async run(make) {
      const [a, b] = await pair(make);
      const [near, far] = await connect(a, b);
      const atFar = collect(far);
      collect(near);
      near.close();
      await waitFor(() => atFar.closed, 'the far end to close');
      check(!far.open, 'far still open');
      closeAll(a, b);
    },
  },
  {
    name: 'dialing an address nobody holds fails instead of hanging',
    async run(make) {
      const [a, b] = await pair(make);
      let failed = false;
      try {
        await a.t.dial('nobody0000000000000000000a');
      } catch {
        failed = true;
      }
      check(failed, 'dial to nobody succeeded');
      closeAll(a, b);
    },
  },
];
