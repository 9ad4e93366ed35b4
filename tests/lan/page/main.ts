/**
 * The page the LAN tests and the bench load from a companion: the real directory client and the
 * unmodified peerjs client, driven from Playwright through `window.kianaLan`. Two pages holding
 * the same pairing secret find each other in the directory; the smaller id dials, and each side
 * sends a greeting over the data channel.
 */
import { Peer, type DataConnection } from 'peerjs';
import {
  companionPeerOptions,
  DirectoryClient,
  newPeerIdentity,
  type DirectoryState,
} from '../../../src/platform/directory-client.ts';

export interface LanSnapshot {
  id: string;
  state: DirectoryState | 'idle';
  iceServers: string[];
  /** Peers the directory reported as holding our token. */
  matches: string[];
  /** Peers with an open data channel, and ms from dialing (or accepting) to open. */
  open: Record<string, number>;
  received: { from: string; text: string }[];
  errors: string[];
}

export interface LanPage {
  /** Joins the directory with `secretHex` and returns this page's PeerJS id. */
  start(secretHex: string): Promise<string>;
  snapshot(): LanSnapshot;
  /** Candidate types of the selected pair per peer, e.g. `srflx→host`. */
  pairs(): Promise<Record<string, string>>;
  /** `type address` of the candidates a fresh connection gathers, e.g. `srflx 10.213.5.1`. */
  gatherCandidates(): Promise<string[]>;
  /** Bench: opens a new data channel to `other` through the companion; ms until it is open. */
  timedConnect(other: string): Promise<number>;
  /** Bench baseline: ms to open a data channel between two RTCPeerConnections in this page. */
  timedLocalPair(): Promise<number>;
}

const snapshot: LanSnapshot = {
  id: '',
  state: 'idle',
  iceServers: [],
  matches: [],
  open: {},
  received: [],
  errors: [],
};
const connections = new Map<string, DataConnection>();
/** Set once the Peer exists; present lists that arrive before then are handled on the next one. */
const current: { peer?: Peer } = {};

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (byte) => parseInt(byte, 16));
}

function wire(connection: DataConnection, began: number): void {
  connections.set(connection.peer, connection);
  connection.on('open', () => {
    snapshot.open[connection.peer] = performance.now() - began;
    void connection.send({ text: `hello from ${snapshot.id}` });
  });
  connection.on('data', (data) => {
    const text = (data as { text?: unknown }).text;
    if (typeof text === 'string') snapshot.received.push({ from: connection.peer, text });
  });
  connection.on('error', (error) => snapshot.errors.push(`${connection.peer}: ${error.message}`));
}

async function start(secretHex: string): Promise<string> {
  const identity = newPeerIdentity();
  snapshot.id = identity.id;
  const holder = current;
  const directory = new DirectoryClient({
    origin: location.origin,
    identity,
    secrets: () => [hexBytes(secretHex)],
    onState: (state) => (snapshot.state = state),
    onPresent: (matches) => {
      snapshot.matches = matches.map((m) => m.peer);
      for (const { peer: other } of matches) {
        // One side dials, so two pages never open two channels to each other.
        const { peer } = holder;
        if (peer === undefined || connections.has(other) || identity.id > other) continue;
        wire(peer.connect(other, { reliable: true, serialization: 'json' }), performance.now());
      }
    },
  });
  directory.start();
  const iceServers = await directory.welcomed;
  snapshot.iceServers = iceServers.flatMap((s) => s.urls);
  const created = new Peer(
    identity.id,
    // peerjs declares its plain options bag as a class; a literal object is what it expects.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    companionPeerOptions(location.origin, identity, iceServers),
  );
  holder.peer = created;
  created.on('connection', (connection) => wire(connection, performance.now()));
  created.on('error', (error) => snapshot.errors.push(`peer: ${error.type} ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    created.once('open', () => resolve());
    created.once('error', reject);
  });
  await directory.announce();
  return identity.id;
}

async function pairs(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [id, connection] of connections) {
    const stats = await connection.peerConnection.getStats();
    const byId = new Map<string, Record<string, unknown>>();
    stats.forEach((report: Record<string, unknown>) => byId.set(String(report['id']), report));
    for (const report of byId.values()) {
      if (report['type'] !== 'candidate-pair' || report['nominated'] !== true) continue;
      const local = byId.get(String(report['localCandidateId']));
      const remote = byId.get(String(report['remoteCandidateId']));
      out[id] = `${String(local?.['candidateType'])}→${String(remote?.['candidateType'])}`;
    }
  }
  return out;
}

/** Rejects after `ms`, so a bench run that cannot connect fails instead of hanging. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out`)), ms)),
  ]);
}

async function timedConnect(other: string): Promise<number> {
  const peer = current.peer;
  if (peer === undefined) throw new Error('start() first');
  const began = performance.now();
  const connection = peer.connect(other, { reliable: true, serialization: 'json' });
  await within(
    new Promise<void>((resolve, reject) => {
      connection.once('open', () => resolve());
      connection.once('error', reject);
    }),
    20_000,
    'data channel through the companion',
  );
  const ms = performance.now() - began;
  connection.close();
  return ms;
}

/**
 * The same work without a signalling server: offer, answer and candidates handed over in
 * memory. Same ICE servers (the companion's STUN) as the PeerJS connections, since Chromium's
 * mDNS-obfuscated host candidates alone do not resolve in every test environment.
 */
async function timedLocalPair(): Promise<number> {
  const began = performance.now();
  const config: RTCConfiguration = { iceServers: snapshot.iceServers.map((urls) => ({ urls })) };
  const a = new RTCPeerConnection(config);
  const b = new RTCPeerConnection(config);
  a.onicecandidate = (e) => void (e.candidate && b.addIceCandidate(e.candidate));
  b.onicecandidate = (e) => void (e.candidate && a.addIceCandidate(e.candidate));
  const channel = a.createDataChannel('bench');
  const opened = new Promise<void>((resolve) => (channel.onopen = () => resolve()));
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription as RTCSessionDescriptionInit);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription as RTCSessionDescriptionInit);
  await within(opened, 20_000, 'in-page data channel');
  const ms = performance.now() - began;
  a.close();
  b.close();
  return ms;
}

/**
 * Gathers ICE candidates with the companion's ICE servers in a fresh connection and lists them
 * as `type address`. (getStats on a live connection reports only candidates in pairs, and
 * Chromium may prune a server-reflexive candidate that duplicates a host one.)
 */
async function gatherCandidates(): Promise<string[]> {
  const connection = new RTCPeerConnection({
    iceServers: snapshot.iceServers.map((urls) => ({ urls })),
  });
  const found = new Set<string>();
  const complete = new Promise<void>((resolve) => {
    connection.onicecandidate = (event) => {
      if (event.candidate === null) resolve();
      else found.add(`${event.candidate.type ?? '?'} ${event.candidate.address ?? ''}`);
    };
  });
  connection.createDataChannel('probe');
  await connection.setLocalDescription(await connection.createOffer());
  await within(complete, 15_000, 'ICE gathering');
  connection.close();
  return [...found].sort();
}

(globalThis as unknown as { kianaLan: LanPage }).kianaLan = {
  timedConnect,
  timedLocalPair,
  start,
  snapshot: () => structuredClone(snapshot),
  pairs,
  gatherCandidates,
};
document.documentElement.dataset['ready'] = 'true';
