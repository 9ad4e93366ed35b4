/**
 * The device's signing identity inside the store worker. The owning tab reads it from IndexedDB
 * (src/platform/identity.ts) and hands it over with `db.open`; the worker keeps it in memory
 * only, never in SQLite (an export must not carry the key) and never in a log.
 */
import type { Primitives } from '../../../src/core/crypto/primitives.ts';
import type { Signer } from '../../../src/core/chain/index.ts';
import { normalizeDisplayName } from '../../../src/core/crypto/device-name.ts';
import { KianaError } from '@kiana/shared/errors';
import type { DeviceId } from '@kiana/shared/ids';
import { bytesEqual } from '../../../src/core/merkle/index.ts';

/** What `db.open` carries about the device. */
export interface ChainIdentity {
  readonly signPublicKey: Uint8Array;
  /** libsodium's 64-byte ed25519 secret key. */
  readonly signSecretKey: Uint8Array;
  readonly boxPublicKey: Uint8Array;
  /** Display name, recorded in the device-add of a genesis this device makes. */
  readonly name: string;
}

/** The fallback name when the given one normalises to nothing. */
const UNNAMED = 'Kiana device';

function bytes(value: unknown, length: number): value is Uint8Array {
  return value instanceof Uint8Array && value.length === length;
}

/** Shape check of `db.open`'s identity (nothing that crossed postMessage is trusted). */
export function parseIdentity(value: unknown): ChainIdentity {
  const r = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (
    !bytes(r.signPublicKey, 32) ||
    !bytes(r.signSecretKey, 64) ||
    !bytes(r.boxPublicKey, 32) ||
    typeof r.name !== 'string'
  ) {
    throw new KianaError('bad-message', 'db.open: identity must hold the device keys and name');
  }
  return {
    signPublicKey: r.signPublicKey,
    signSecretKey: r.signSecretKey,
    boxPublicKey: r.boxPublicKey,
    name: normalizeDisplayName(r.name) ?? UNNAMED,
  };
}

/**
 * A signer for `device` over `identity`, after checking that the keys belong together and name
 * this device: a mixed-up identity would sign blocks no peer accepts.
 */
export function signerFor(prims: Primitives, device: DeviceId, identity: ChainIdentity): Signer {
  const key = identity.signPublicKey;
  if (prims.deviceIdOf(key) !== device) {
    throw new KianaError('bad-message', 'db.open: the signing key does not name this device');
  }
  // libsodium's secret key ends with its public key; a real signature proves the pair.
  const probe = prims.randomBytes(32);
  if (
    !bytesEqual(identity.signSecretKey.subarray(32), key) ||
    !prims.verify(key, probe, prims.sign(identity.signSecretKey, probe))
  ) {
    throw new KianaError('bad-message', 'db.open: the signing keys do not belong together');
  }
  const secret = identity.signSecretKey;
  return { key, id: device, sign: (message) => prims.sign(secret, message) };
}
