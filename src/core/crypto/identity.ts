/**
 * Device identity: an ed25519 key pair that signs (and whose hash names the device) and an x25519
 * key pair for key agreement and sealed boxes. Two separate pairs rather than one converted key,
 * so a weakness in one use never touches the other.
 */
import { KianaError } from '@kiana/shared/errors';
import { base32, isDeviceId, type DeviceId } from '@kiana/shared/ids';
import { loadSodium } from './sodium.ts';

/** The key material of one device, as stored in IndexedDB. */
export interface DeviceKeys {
  readonly deviceId: DeviceId;
  /** ed25519, 32 bytes. */
  readonly signPublicKey: Uint8Array;
  /** ed25519 secret key in libsodium's 64-byte form (seed + public key). */
  readonly signSecretKey: Uint8Array;
  /** x25519, 32 bytes. */
  readonly boxPublicKey: Uint8Array;
  /** x25519, 32 bytes. */
  readonly boxSecretKey: Uint8Array;
}

/** Bytes of the BLAKE2b-256 digest that name a device: 128 bits is plenty against collisions. */
const DEVICE_ID_BYTES = 16;

/**
 * The device id of a signing public key: BLAKE2b-256 of the key, first 16 bytes, lowercase
 * base32 (26 characters). Anyone holding the public key can recompute it, so a peer cannot claim
 * an id that its key does not hash to.
 */
export async function deviceIdFromSigningKey(signPublicKey: Uint8Array): Promise<DeviceId> {
  if (signPublicKey.length !== 32) {
    throw new KianaError('bad-message', 'a signing public key has 32 bytes');
  }
  const sodium = await loadSodium();
  const digest = sodium.crypto_generichash(32, signPublicKey, null);
  return base32(digest.subarray(0, DEVICE_ID_BYTES)) as DeviceId;
}

/** Generates fresh key pairs for a new device. */
export async function generateDeviceKeys(): Promise<DeviceKeys> {
  const sodium = await loadSodium();
  const sign = sodium.crypto_sign_keypair();
  const box = sodium.crypto_box_keypair();
  return {
    deviceId: await deviceIdFromSigningKey(sign.publicKey),
    signPublicKey: sign.publicKey,
    signSecretKey: sign.privateKey,
    boxPublicKey: box.publicKey,
    boxSecretKey: box.privateKey,
  };
}

/** Signs `message` with the device's ed25519 key; returns the 64-byte detached signature. */
export async function signDetached(keys: DeviceKeys, message: Uint8Array): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.crypto_sign_detached(message, keys.signSecretKey);
}

/** True when `signature` is a valid ed25519 signature of `message` by `signPublicKey`. */
export async function verifyDetached(
  signPublicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  if (signPublicKey.length !== 32 || signature.length !== 64) return false;
  const sodium = await loadSodium();
  return sodium.crypto_sign_verify_detached(signature, message, signPublicKey);
}

function isBytes(value: unknown, length: number): value is Uint8Array {
  return value instanceof Uint8Array && value.length === length;
}

/**
 * Checks key material read back from storage: lengths, the id matching the key's hash, the
 * signing secret key belonging to its public key, and the x25519 secret key deriving its public
 * key. Throws `storage-corrupt` otherwise, because silently making a new identity would turn this
 * browser into a stranger to every paired device.
 */
export async function validateDeviceKeys(value: unknown): Promise<DeviceKeys> {
  const fail = (why: string): never => {
    throw new KianaError('storage-corrupt', `stored device identity is invalid: ${why}`);
  };
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const v = value as Record<string, unknown>;
  if (!isDeviceId(v.deviceId)) return fail('device id');
  if (!isBytes(v.signPublicKey, 32) || !isBytes(v.signSecretKey, 64)) return fail('signing key');
  if (!isBytes(v.boxPublicKey, 32) || !isBytes(v.boxSecretKey, 32)) return fail('box key');
  if ((await deviceIdFromSigningKey(v.signPublicKey)) !== v.deviceId) return fail('id mismatch');
  const sodium = await loadSodium();
  // libsodium's ed25519 secret key ends with its public key; a mismatch means mixed-up records.
  if (!sodium.memcmp(v.signSecretKey.subarray(32), v.signPublicKey)) return fail('signing pair');
  if (!sodium.memcmp(sodium.crypto_scalarmult_base(v.boxSecretKey), v.boxPublicKey)) {
    return fail('box pair');
  }
  return {
    deviceId: v.deviceId,
    signPublicKey: v.signPublicKey,
    signSecretKey: v.signSecretKey,
    boxPublicKey: v.boxPublicKey,
    boxSecretKey: v.boxSecretKey,
  };
}
