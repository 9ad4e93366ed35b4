/**
 * The device's signing identity inside the store worker. The owning tab reads it from IndexedDB
 * (src/platform/identity.ts) and hands it over with `db.open`; the worker keeps it in memory
 * only, never in SQLite (an export must not carry the key) and never in a log.
 */
import type { Primitives } from '../../../src/core/crypto/primitives.ts';
import type { Signer } from '../../../src/core/chain/index.ts';
import type { ChainIdentity } from '../../../src/core/api/store-types.ts';
import { KianaError } from '@kiana/shared/errors';
import type { DeviceId } from '@kiana/shared/ids';
import { bytesEqual } from '../../../src/core/merkle/index.ts';

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
