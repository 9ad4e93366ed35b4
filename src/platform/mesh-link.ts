/**
 * The BroadcastChannel between tabs of one browser about the mesh. One tab (holding the Web Lock
 * `kiana-presence`) runs the mesh; the others follow: they receive snapshots of the device list
 * and notices, and ask the leader to reload pairings or unpair. Messages are checked on arrival:
 * anything malformed is ignored.
 */
import { isDeviceId, type DeviceId } from '@kiana/shared/ids';
import type { PeerStatus } from '../core/mesh/types.ts';
import type { SignallingState } from '../core/mesh/transport.ts';

export const MESH_CHANNEL = 'kiana-mesh';
export const PRESENCE_LOCK = 'kiana-presence';

/** Something the person should read in the Devices view. */
export interface MeshNotice {
  readonly kind:
    | 'stranger'
    | 'bad-hello'
    | 'refused-by-peer'
    | 'unpaired-by-peer'
    /** A My device unpaired this one: only `Remove device` does that (chain and pairing). */
    | 'removed-by-peer';
  readonly name?: string;
  readonly at: number;
}

export interface MeshSnapshot {
  /** False until the stored pairings were read: only then does an empty list mean "none". */
  readonly loaded: boolean;
  readonly peers: readonly PeerStatus[];
  readonly signalling: SignallingState;
  readonly notices: readonly MeshNotice[];
}

export type TabMessage =
  | { readonly t: 'snapshot'; readonly snapshot: MeshSnapshot }
  | { readonly t: 'want-snapshot' }
  | { readonly t: 'reload' }
  | { readonly t: 'unpair'; readonly deviceId: DeviceId };

/** Narrows a BroadcastChannel message; structured clone keeps our shapes, but check anyway. */
export function parseTabMessage(data: unknown): TabMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const m = data as Record<string, unknown>;
  switch (m['t']) {
    case 'snapshot': {
      const s = m['snapshot'] as Record<string, unknown> | null;
      const ok =
        typeof s === 'object' &&
        s !== null &&
        Array.isArray(s['peers']) &&
        Array.isArray(s['notices']) &&
        typeof s['signalling'] === 'string' &&
        typeof s['loaded'] === 'boolean';
      return ok ? (data as TabMessage) : null;
    }
    case 'want-snapshot':
    case 'reload':
      return data as TabMessage;
    case 'unpair':
      return isDeviceId(m['deviceId']) ? (data as TabMessage) : null;
    default:
      return null;
  }
}
