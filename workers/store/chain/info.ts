/**
 * `chain.info`: what Settings › Chain and the Devices list show — head, height, authorities,
 * forks resolved, and each peer's chain height and sync state.
 */
import { toHex } from '../../../src/core/chain/bytes.ts';
import type { DeviceId } from '@kiana/shared/ids';
import type { ChainIdentity, ChainInfo, PeerInfo } from '../../../src/core/api/store-types.ts';
import type { Ledger } from './ledger.ts';
import type { PeerSync } from './sync-hub.ts';

interface PeerRow {
  device: string;
  height: number;
  synced_at: number;
  error: string | null;
}

export function describeChain(
  ledger: Ledger,
  identity: ChainIdentity,
  live: readonly PeerSync[],
  rows: readonly PeerRow[],
): ChainInfo {
  const tree = ledger.tree;
  const head = tree.head;
  const self = ledger.self;
  const active = (id: DeviceId): boolean =>
    head?.members.isActive(id) === true && !tree.revoked.has(id);
  const authorities = (head?.members.all() ?? [])
    .map((m) => ({ device: m.id, name: m.name, active: active(m.id), self: m.id === self }))
    .sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
  const byDevice = new Map(rows.map((r) => [r.device, r]));
  const devices = new Set<string>([...live.map((p) => p.device), ...byDevice.keys()]);
  const peers = [...devices].sort().map((device): PeerInfo => {
    const row = byDevice.get(device);
    const state = live.find((p) => p.device === device);
    return {
      device: device as DeviceId,
      connected: state?.connected ?? false,
      syncing: state?.syncing ?? false,
      progress: state?.progress ?? null,
      height: row ? row.height : null,
      syncedAt: row ? row.synced_at : null,
      error: row?.error ?? null,
    };
  });
  return {
    device: self,
    signKey: toHex(identity.signPublicKey),
    boxKey: toHex(identity.boxPublicKey),
    genesis: tree.genesis?.hex ?? null,
    head: head?.hex ?? null,
    height: head?.height ?? 0,
    blocks: tree.size,
    forkBlocks: tree.size - (head ? head.height + 1 : 0),
    pending: ledger.pendingCount,
    authorities,
    peers,
  };
}
