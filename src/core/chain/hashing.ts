/**
 * The hashes and signing domains of the chain, in one place so the encoders, the validator and
 * sync cannot disagree about them.
 */
import type { Primitives } from '../crypto/primitives.ts';
import type { DeviceKeys } from '../crypto/identity.ts';
import type { DeviceId } from '@kiana/shared/ids';
import { createMerkle, type Merkle } from '../merkle/index.ts';
import { utf8 } from './bytes.ts';

/**
 * Domain prefix of transaction signatures. The same device key signs transactions and blocks, so
 * each signed message starts with its own tag: a transaction signature can never pass as a block
 * signature.
 */
export const TX_DOMAIN = utf8('kiana/tx/v1\0');
/** Domain prefix of block signatures. */
export const BLOCK_DOMAIN = utf8('kiana/block/v1\0');

/** `domain ‖ body[0 … end)`, the message a signature covers. */
export function signedMessage(domain: Uint8Array, body: Uint8Array, end: number): Uint8Array {
  const message = new Uint8Array(domain.length + end);
  message.set(domain);
  message.set(body.subarray(0, end), domain.length);
  return message;
}

/** The Merkle operations over SHA-256, cached per primitives object. */
const merkles = new WeakMap<Primitives, Merkle>();

/** RFC 6962 trees bound to the primitives' SHA-256. */
export function merkleOf(prims: Primitives): Merkle {
  let merkle = merkles.get(prims);
  if (merkle === undefined) {
    merkle = createMerkle((bytes) => prims.sha256(bytes), prims.sha256Batch);
    merkles.set(prims, merkle);
  }
  return merkle;
}

/** Something that signs for one device: the device's key, id and a signing function. */
export interface Signer {
  readonly key: Uint8Array;
  readonly id: DeviceId;
  sign(message: Uint8Array): Uint8Array;
  /**
   * Signs many messages at once, giving exactly the signatures `sign` gives; for bulk writes,
   * where a signer that can work off the calling thread (Web Crypto) saves most of their cost.
   */
  signMany?(messages: readonly Uint8Array[]): Promise<Uint8Array[]>;
}

/** A `Signer` over a device's stored keys. */
export function signerFromKeys(prims: Primitives, keys: DeviceKeys): Signer {
  return {
    key: keys.signPublicKey,
    id: keys.deviceId,
    sign: (message) => prims.sign(keys.signSecretKey, message),
  };
}
