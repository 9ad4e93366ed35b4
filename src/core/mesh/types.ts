/** The mesh's public shapes: what the UI lists and what the host and sync code listen to. */
import type { DeviceId } from '@kiana/shared/ids';
import type { PairingKind } from '@kiana/shared/protocol/mesh';
import type { PeerHealth } from './phi-accrual.ts';

/** One paired device as the `Devices` list shows it. */
export interface PeerStatus {
  readonly deviceId: DeviceId;
  readonly name: string;
  readonly kind: PairingKind;
  readonly health: PeerHealth;
  /** Smoothed heartbeat round trip, null before the first. */
  readonly rttMs: number | null;
  /** Wall-clock ms of the last frame heard, null if never (since this page started). */
  readonly lastSeen: number | null;
}

/** A pairing removed here while the peer was unreachable: kept to tell it when it shows up. */
export interface RemovedPairing {
  readonly deviceId: DeviceId;
  readonly secret: Uint8Array;
  readonly removedAt: number;
}

/** Why a channel was refused, for the notice the UI shows. */
export type RefusalKind =
  /**
   * Someone who could not prove a pairing with us (no secret of ours fit its proof), or who
   * holds a copy of one but not the paired device's key, tried to connect.
   */
  | 'stranger'
  /** A peer's hello did not verify (wrong signature or DTLS fingerprints: a relay in the middle). */
  | 'bad-hello'
  /** The other device does not know us any more. */
  | 'refused-by-peer';

export type MeshEvent =
  /** An authenticated channel to a paired device is up (also after a replacement). */
  | { readonly type: 'peer-up'; readonly deviceId: DeviceId; readonly kind: PairingKind }
  | { readonly type: 'peer-down'; readonly deviceId: DeviceId }
  /** Health, RTT or last-seen changed; read `peers()`. */
  | { readonly type: 'status' }
  /** The peer removed the pairing; the mesh has dropped it, the host must forget it too. */
  | {
      readonly type: 'unpaired-by-peer';
      readonly deviceId: DeviceId;
      readonly name: string;
      readonly kind: PairingKind;
    }
  /** A device we had removed while it was away has now been told; forget its tombstone. */
  | { readonly type: 'told-removed'; readonly deviceId: DeviceId }
  | { readonly type: 'renamed'; readonly deviceId: DeviceId; readonly name: string }
  | { readonly type: 'refused'; readonly reason: RefusalKind; readonly name?: string };

/** Receives the messages of one topic. */
export type TopicHandler = (from: DeviceId, bytes: Uint8Array) => void;
