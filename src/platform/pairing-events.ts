/**
 * The hook for what must happen after a pairing: `onPaired` fires once per completed pairing, in
 * the tab that ran the handshake, after the pairing is stored. A pairing of kind `device` (My
 * device) must add the peer to my chain's authorities by a signed device-add transaction; the
 * chain integration subscribes here (it gets the peer's signing key). `onUnpaired` fires when a
 * pairing is removed here (by this person, or because the peer removed it).
 */
import type { DeviceId } from '@kiana/shared/ids';
import type { PairingKind } from '@kiana/shared/protocol/mesh';

export interface PairedEvent {
  readonly deviceId: DeviceId;
  /** ed25519 public key of the new peer: what a device-add transaction records. */
  readonly signKey: Uint8Array;
  readonly boxKey: Uint8Array;
  readonly name: string;
  readonly kind: PairingKind;
  /** Which side of the handshake this device was. */
  readonly role: 'inviter' | 'joiner';
}

export interface UnpairedEvent {
  readonly deviceId: DeviceId;
  readonly kind: PairingKind;
  /** True when the other device removed the pairing and told us. */
  readonly byPeer: boolean;
}

type Listener<E> = (event: E) => void | Promise<void>;

const paired = new Set<Listener<PairedEvent>>();
const unpairedListeners = new Set<Listener<UnpairedEvent>>();

function fire<E>(listeners: Set<Listener<E>>, event: E): void {
  for (const listener of listeners) {
    void Promise.resolve()
      .then(() => listener(event))
      .catch((error: unknown) => console.error('pairing listener failed', error));
  }
}

/** Subscribes to completed pairings; returns the unsubscribe function. */
export function onPaired(listener: Listener<PairedEvent>): () => void {
  paired.add(listener);
  return () => paired.delete(listener);
}

/** Subscribes to removed pairings; returns the unsubscribe function. */
export function onUnpaired(listener: Listener<UnpairedEvent>): () => void {
  unpairedListeners.add(listener);
  return () => unpairedListeners.delete(listener);
}

export function emitPaired(event: PairedEvent): void {
  fire(paired, event);
}

export function emitUnpaired(event: UnpairedEvent): void {
  fire(unpairedListeners, event);
}
