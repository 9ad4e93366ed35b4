/** What a pairing leaves behind on both devices. */
import type { DeviceId } from '@kiana/shared/ids';
import type { PairingKind } from '@kiana/shared/protocol/mesh';

/** A paired device as stored (Dexie `pairings`) and as the mesh knows it. */
export interface Pairing {
  readonly deviceId: DeviceId;
  /** ed25519, 32 bytes: verifies the peer's hello (and, for `device`, its chain blocks). */
  readonly signKey: Uint8Array;
  /** x25519, 32 bytes. */
  readonly boxKey: Uint8Array;
  /** The name the peer gave in the handshake; updated from later hellos. */
  readonly name: string;
  readonly kind: PairingKind;
  /** 32 bytes only the two devices know: keys the rendezvous tokens of the directory. */
  readonly secret: Uint8Array;
  readonly pairedAt: number;
}

/** This device as the handshake and the hello need it. */
export interface LocalParty {
  readonly deviceId: DeviceId;
  readonly signPublicKey: Uint8Array;
  readonly signSecretKey: Uint8Array;
  readonly boxPublicKey: Uint8Array;
  readonly boxSecretKey: Uint8Array;
  readonly name: string;
}

/** The DTLS fingerprints of the channel a handshake runs on, as this side sees them. */
export interface ChannelBinding {
  readonly local: string;
  readonly remote: string;
}
