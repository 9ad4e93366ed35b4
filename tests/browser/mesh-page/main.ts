/**
 * The page the PeerJS transport test and the pairing bench load from the real companion: the
 * shared transport suite with the real PeerJS adapter, and the real pairing handshake and mesh,
 * driven from Playwright through `window.kianaMeshTest`.
 */
import { PeerjsTransport } from '../../../src/platform/peerjs-transport.ts';
import { transportCases } from '../../shared/transport-suite.ts';
import { benchApi } from './bench.ts';

const api = {
  cases: (): string[] => transportCases.map((c) => c.name),
  async run(name: string): Promise<string> {
    const found = transportCases.find((c) => c.name === name);
    if (found === undefined) throw new Error(`no case ${name}`);
    await found.run(() => PeerjsTransport.open({ origin: location.origin }));
    return 'ok';
  },
  ...benchApi,
};

export type MeshTestApi = typeof api;
(globalThis as unknown as { kianaMeshTest: MeshTestApi }).kianaMeshTest = api;
document.documentElement.dataset['ready'] = 'true';
