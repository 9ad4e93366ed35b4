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
  const sign = (message: Uint8Array) => prims.sign(secret, message);
  return { key, id: device, sign, signMany: batchSigner(secret, sign) };
}

/** Fewer signatures than this are made with libsodium on the calling thread. */
const MIN_BATCH = 16;

/** PKCS #8 wrapping of a raw 32-byte ed25519 seed (RFC 8410), as Web Crypto imports it. */
const PKCS8_ED25519 = [
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04,
];

/**
 * Signs many messages with Web Crypto's ed25519, which runs off this thread and, measured in
 * Chromium, costs 40–80 µs a signature in a batch against ~150 µs for libsodium's wasm. ed25519
 * is deterministic, so the signatures are libsodium's; the first batch checks that on a probe
 * (and that the browser has ed25519 at all) and otherwise signs with libsodium, one by one.
 */
function batchSigner(
  secret: Uint8Array,
  sign: (message: Uint8Array) => Uint8Array,
): (messages: readonly Uint8Array[]) => Promise<Uint8Array[]> {
  let key: Promise<CryptoKey | null> | null = null;
  const load = async (): Promise<CryptoKey | null> => {
    try {
      const pkcs8 = new Uint8Array([...PKCS8_ED25519, 0x22, 0x04, 0x20, ...secret.subarray(0, 32)]);
      const imported = await crypto.subtle.importKey('pkcs8', pkcs8, 'Ed25519', false, ['sign']);
      const probe = crypto.getRandomValues(new Uint8Array(48));
      const theirs = new Uint8Array(await crypto.subtle.sign('Ed25519', imported, probe));
      return bytesEqual(theirs, sign(probe)) ? imported : null;
    } catch {
      // No ed25519 in this browser's Web Crypto (older Safari): libsodium signs.
      return null;
    }
  };
  return async (messages) => {
    // A save of one memory signs here: a hop to Web Crypto's thread costs more than it saves
    // for a few signatures (one put took 25 ms with the hop on a saturated machine).
    if (messages.length < MIN_BATCH) return messages.map(sign);
    key ??= load();
    const webKey = await key;
    if (webKey === null) return messages.map(sign);
    const signatures = await Promise.all(
      // Signed messages are built in fresh arrays (signedMessage), never on shared memory.
      messages.map((m) => crypto.subtle.sign('Ed25519', webKey, m as Uint8Array<ArrayBuffer>)),
    );
    return signatures.map((s) => new Uint8Array(s));
  };
}
