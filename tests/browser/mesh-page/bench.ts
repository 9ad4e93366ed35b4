/**
 * Bench functions for `npm run bench pairing`, run in two Chromium processes loading this page
 * from the real companion: pairing through the real handshake, the mesh's channel open, RTT and
 * throughput, each beside an in-page baseline.
 */
import { generateDeviceKeys } from '../../../src/core/crypto/identity.ts';
import { loadExchange } from '../../../src/core/crypto/exchange.ts';
import { loadPrimitives } from '../../../src/core/crypto/primitives.ts';
import type { DeviceId } from '@kiana/shared/ids';
import { Mesh } from '../../../src/core/mesh/mesh.ts';
import { InviteBook } from '../../../src/core/pairing/invites.ts';
import { InviteHost, joinInvite } from '../../../src/core/pairing/session.ts';
import type { LocalParty, Pairing } from '../../../src/core/pairing/types.ts';
import { formatInvite, parseInvite } from '@kiana/shared/protocol/invite';
import { PeerjsTransport } from '../../../src/platform/peerjs-transport.ts';
import { HIGH_WATER_BYTES, type Channel } from '../../../src/core/mesh/transport.ts';

const state: { me?: LocalParty; pairings: Pairing[]; mesh?: Mesh; host?: InviteHost } = {
  pairings: [],
};

async function me(): Promise<LocalParty> {
  state.me ??= { ...(await generateDeviceKeys()), name: `bench-${Math.random()}`.slice(0, 12) };
  return state.me;
}

const crypto = async () => ({
  primitives: await loadPrimitives(),
  exchange: await loadExchange(),
});
let iceServers: RTCIceServer[] = [];
async function open(): Promise<PeerjsTransport> {
  const t = await PeerjsTransport.open({ origin: location.origin });
  iceServers = [...t.iceServers];
  return t;
}

/** Inviter: a fresh single-use link (the host stays up for the next ones). */
async function invite(): Promise<string> {
  const party = await me();
  if (state.host === undefined) {
    state.host = new InviteHost({
      // The bench drives both pages itself: the inviter allows every joiner of its own link.
      decide: () => Promise.resolve(true),
      transport: await open(),
      me: party,
      crypto: await crypto(),
      book: new InviteBook(() => Date.now()),
      now: () => Date.now(),
      store: (p) => Promise.resolve(void state.pairings.push(p)),
      onEvent: () => undefined,
    });
  }
  const secret = globalThis.crypto.getRandomValues(new Uint8Array(32));
  await state.host.open(secret, 'device');
  return formatInvite({ origin: location.origin, secret, fingerprint: party.deviceId });
}

/** Joiner: ms from opening signalling to a stored pairing (the person confirms at once). */
async function join(link: string): Promise<number> {
  const began = performance.now();
  const transport = await open();
  try {
    const pairing = await joinInvite({
      transport,
      invite: parseInvite(link),
      me: await me(),
      crypto: await crypto(),
      now: () => Date.now(),
      decide: () => Promise.resolve(true),
    });
    state.pairings.push(pairing);
    return performance.now() - began;
  } finally {
    transport.close();
  }
}

/** Baseline for pairing: the same signalling, rendezvous and channel open, without a handshake. */
async function rawFind(link: string): Promise<number> {
  const began = performance.now();
  const transport = await open();
  try {
    const present = new Promise<string>((resolve) =>
      transport.listen({
        channel: (c) => c.close(),
        present: (p) => p[0] && resolve(p[0].peer),
        state: () => undefined,
      }),
    );
    await transport.announce([parseInvite(link).secret]);
    const channel = await transport.dial(await present);
    const ms = performance.now() - began;
    channel.close();
    return ms;
  } finally {
    transport.close();
  }
}

/** Starts the mesh with the pairings so far; resolves with ms until `peer` is up (if given). */
async function startMesh(peer?: string): Promise<number> {
  state.mesh?.close();
  const began = performance.now();
  const mesh = new Mesh({
    transport: await open(),
    me: await me(),
    primitives: await loadPrimitives(),
    exchange: await loadExchange(),
    pairings: state.pairings,
    log: () => undefined,
  });
  state.mesh = mesh;
  mesh.on('bench', (from, bytes) => {
    received += bytes.length;
    if (received >= expected) void mesh.send(from, 'bench.done', new Uint8Array([1]));
  });
  mesh.on('bench.done', () => doneWaiter?.());
  await mesh.start();
  if (peer !== undefined) {
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (mesh.isUp(peer as DeviceId)) resolve();
        else setTimeout(check, 2);
      };
      check();
    });
  }
  return performance.now() - began;
}

let received = 0;
let expected = Infinity;
let doneWaiter: (() => void) | undefined;

/** The receiving side expects `bytes` in total before it answers `bench.done`. */
function expect(bytes: number): void {
  received = 0;
  expected = bytes;
}

/** Sends `total` bytes in `size`-byte messages to `peer`; ms until the peer confirmed all. */
async function throughput(peer: string, total: number, size: number): Promise<number> {
  const mesh = state.mesh;
  if (mesh === undefined) throw new Error('no mesh');
  const chunk = new Uint8Array(size).fill(7);
  const done = new Promise<void>((resolve) => (doneWaiter = resolve));
  const began = performance.now();
  for (let sent = 0; sent < total; sent += size) await mesh.send(peer as DeviceId, 'bench', chunk);
  await done;
  return performance.now() - began;
}

async function ping(peer: string): Promise<number> {
  const mesh = state.mesh;
  if (mesh === undefined) throw new Error('no mesh');
  return mesh.ping(peer as DeviceId);
}

/** An in-page pair of RTCPeerConnections with an open data channel (no server at all). */
async function localPair(): Promise<{ a: RTCDataChannel; b: RTCDataChannel; close(): void }> {
  // The companion's STUN, as the mesh uses: mDNS host candidates alone do not resolve everywhere.
  const x = new RTCPeerConnection({ iceServers });
  const y = new RTCPeerConnection({ iceServers });
  x.onicecandidate = (e) => void (e.candidate && y.addIceCandidate(e.candidate));
  y.onicecandidate = (e) => void (e.candidate && x.addIceCandidate(e.candidate));
  const a = x.createDataChannel('bench');
  a.binaryType = 'arraybuffer';
  const b = new Promise<RTCDataChannel>((resolve) => (y.ondatachannel = (e) => resolve(e.channel)));
  const opened = new Promise<void>((resolve) => (a.onopen = () => resolve()));
  await x.setLocalDescription(await x.createOffer());
  await y.setRemoteDescription(x.localDescription as RTCSessionDescriptionInit);
  await y.setLocalDescription(await y.createAnswer());
  await x.setRemoteDescription(y.localDescription as RTCSessionDescriptionInit);
  await opened;
  const far = await b;
  far.binaryType = 'arraybuffer';
  return { a, b: far, close: () => (x.close(), y.close()) };
}

/** Baseline: ms to open a data channel between two RTCPeerConnections in this page. */
async function localOpen(): Promise<number> {
  const began = performance.now();
  const pair = await localPair();
  const ms = performance.now() - began;
  pair.close();
  return ms;
}

/** Baseline: `n` echo round trips on an in-page data channel; the samples in ms. */
async function localRtt(n: number): Promise<number[]> {
  const pair = await localPair();
  pair.b.onmessage = (e) => pair.b.send(e.data as ArrayBuffer);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const began = performance.now();
    await new Promise<void>((resolve) => {
      pair.a.onmessage = () => resolve();
      pair.a.send(new Uint8Array(32).buffer);
    });
    samples.push(performance.now() - began);
  }
  pair.close();
  return samples;
}

/** Baseline: ms to push `total` bytes in 16 KiB frames with bufferedAmount flow control. */
async function localThroughput(total: number): Promise<number> {
  const pair = await localPair();
  let got = 0;
  const done = new Promise<void>((resolve) => {
    pair.b.onmessage = (e) => {
      got += (e.data as ArrayBuffer).byteLength;
      if (got >= total) resolve();
    };
  });
  pair.a.bufferedAmountLowThreshold = 256 * 1024;
  const frame = new Uint8Array(16 * 1024).fill(7);
  const began = performance.now();
  for (let sent = 0; sent < total; sent += frame.length) {
    if (pair.a.bufferedAmount > 1024 * 1024) {
      await new Promise<void>((resolve) => (pair.a.onbufferedamountlow = () => resolve()));
    }
    pair.a.send(frame);
  }
  await done;
  const ms = performance.now() - began;
  pair.close();
  return ms;
}

/** A plain channel between the two processes: no mesh, no handshake, no acks. */
let rawChannel: Promise<Channel> | undefined;
let rawTransport: PeerjsTransport | undefined;

/**
 * Both pages call this with the same token: the rendezvous finds the other process and the one
 * with the lower peer id dials (the sink counts frames and answers one byte once `expected`
 * arrived). This is the floor for mesh throughput: the same two processes, the same signalling
 * and ICE path, raw frames with the mesh's own flow-control water marks.
 */
async function rawConnect(token: string): Promise<void> {
  const transport = await open();
  rawTransport = transport;
  let resolveChannel: (c: Channel) => void = () => undefined;
  rawChannel = new Promise<Channel>((resolve) => (resolveChannel = resolve));
  const accept = (c: Channel): void => {
    c.listen({
      frame: (frame) => {
        if (frame.length === 1) {
          rawDone?.();
          return;
        }
        received += frame.length;
        if (received >= expected) c.send(new Uint8Array([1]));
      },
      drain: () => rawDrain?.(),
      close: () => undefined,
    });
    resolveChannel(c);
  };
  transport.listen({
    channel: accept,
    present: (p) => {
      const peer = p[0]?.peer;
      if (peer !== undefined && transport.self < peer) void transport.dial(peer).then(accept);
    },
    state: () => undefined,
  });
  await transport.announce([new TextEncoder().encode(token.padEnd(32, '.')).slice(0, 32)]);
  const channel = await rawChannel;
  while (!channel.open) await new Promise((r) => setTimeout(r, 5));
}

let rawDone: (() => void) | undefined;
let rawDrain: (() => void) | undefined;

/** Floor for `throughput`: ms to push `total` bytes in 16 KiB raw frames to the other process. */
async function rawThroughput(total: number): Promise<number> {
  const channel = await (rawChannel ?? Promise.reject(new Error('rawConnect first')));
  const frame = new Uint8Array(16 * 1024).fill(7);
  const done = new Promise<void>((resolve) => (rawDone = resolve));
  const began = performance.now();
  for (let sent = 0; sent < total; sent += frame.length) {
    while (channel.bufferedAmount > HIGH_WATER_BYTES) {
      await new Promise<void>((resolve) => (rawDrain = resolve));
    }
    channel.send(frame);
  }
  await done;
  return performance.now() - began;
}

function rawClose(): void {
  rawTransport?.close();
  rawTransport = undefined;
  rawChannel = undefined;
}

export const benchApi = {
  rawConnect,
  rawThroughput,
  rawClose,
  deviceId: async () => (await me()).deviceId,
  invite,
  join,
  rawFind,
  startMesh,
  expect,
  throughput,
  ping,
  localOpen,
  localRtt,
  localThroughput,
};
