/** Devices on a loopback network with real keys, for the mesh unit tests. */
import { loadExchange } from '../../../src/core/crypto/exchange.ts';
import { loadPrimitives } from '../../../src/core/crypto/primitives.ts';
import type { LoopbackNetwork, LoopbackTransport } from '../../../src/core/mesh/loopback.ts';
import { Mesh, type MeshOptions } from '../../../src/core/mesh/mesh.ts';
import type { MeshEvent } from '../../../src/core/mesh/types.ts';
import type { LocalParty, Pairing } from '../../../src/core/pairing/types.ts';
import type { PairingKind } from '@kiana/shared/protocol/mesh';
import { party } from '../pairing/helpers.ts';

const primitives = await loadPrimitives();
const exchange = await loadExchange();

/** Fast heartbeats and a short pause, so health changes within a test. */
export const FAST: Partial<MeshOptions> = {
  heartbeatMs: 20,
  helloTimeoutMs: 2000,
  detector: { acceptablePauseMs: 150, firstHeartbeatEstimateMs: 20, minStdDeviationMs: 10 },
  backoff: { baseMs: 20, capMs: 200 },
  log: () => undefined,
};

export interface TestDevice {
  readonly me: LocalParty;
  pairings: Pairing[];
  mesh: Mesh;
  transport: LoopbackTransport;
  readonly events: MeshEvent[];
  /** Stops this device's mesh (closing its channels), as closing the tab would. */
  stop(): void;
  /** Starts a fresh mesh (new session, new address) with the same keys and pairings. */
  restart(options?: Partial<MeshOptions>): Promise<void>;
}

export async function device(
  network: LoopbackNetwork,
  name: string,
  options: Partial<MeshOptions> = {},
): Promise<TestDevice> {
  const me = await party(name);
  const d: TestDevice = {
    me,
    pairings: [],
    mesh: undefined as unknown as Mesh,
    transport: undefined as unknown as LoopbackTransport,
    events: [],
    stop: () => d.mesh.close(),
    async restart(more = {}) {
      d.transport = network.transport();
      d.mesh = new Mesh({
        transport: d.transport,
        me,
        primitives,
        exchange,
        pairings: d.pairings,
        ...FAST,
        ...options,
        ...more,
      });
      d.mesh.subscribe((e) => d.events.push(e));
      await d.mesh.start();
    },
  };
  return d;
}

/** Pairing records for a and b with one shared secret (as the handshake would leave them). */
export function pairRecords(a: TestDevice, b: TestDevice, kind: PairingKind = 'device'): void {
  const secret = primitives.randomBytes(32);
  const record = (p: LocalParty): Pairing => ({
    deviceId: p.deviceId,
    signKey: p.signPublicKey,
    boxKey: p.boxPublicKey,
    name: p.name,
    kind,
    secret,
    pairedAt: 0,
  });
  a.pairings.push(record(b.me));
  b.pairings.push(record(a.me));
}

/** Laptop and Phone, paired with each other and started on `network`. */
export async function pairedDevices(
  network: LoopbackNetwork,
  aOptions: Partial<MeshOptions> = {},
): Promise<{ a: TestDevice; b: TestDevice }> {
  const a = await device(network, 'Laptop', aOptions);
  const b = await device(network, 'Phone');
  pairRecords(a, b);
  await a.restart();
  await b.restart();
  return { a, b };
}

export async function until(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
export const text = (b: Uint8Array): string => new TextDecoder().decode(b);
