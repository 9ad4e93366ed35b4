/**
 * This browser's device identity, kept in IndexedDB (Dexie table `identity`): created at first
 * run, read back and checked on every start. All tabs of a browser share it, so they count as
 * one device. The key material itself is made and checked in src/core/crypto.
 */
import type { Table } from 'dexie';
import { KianaError } from '@kiana/shared/errors';
import {
  generateDeviceKeys,
  validateDeviceKeys,
  type DeviceKeys,
} from '../core/crypto/identity.ts';
import { defaultDeviceName, normalizeDisplayName } from '../core/crypto/device-name.ts';
import { getDb } from './db.ts';

/** The device as the app sees it. */
export interface DeviceIdentity {
  readonly keys: DeviceKeys;
  /** What other devices and this one's settings show; editable. */
  readonly displayName: string;
  readonly createdAt: number;
}

/** The one row of the `identity` table. */
export interface IdentityRow extends DeviceKeys {
  readonly id: 'device';
  readonly displayName: string;
  readonly createdAt: number;
}

const ROW_ID = 'device';

function table(): Table<IdentityRow, string> {
  return getDb().table<IdentityRow, string>('identity');
}

async function fromRow(row: IdentityRow): Promise<DeviceIdentity> {
  const keys = await validateDeviceKeys(row);
  // Cleaned again on the way out: a name saved before today's rules (an invisible character,
  // say) would otherwise be refused by every peer that checks names.
  const displayName =
    (typeof row.displayName === 'string' ? normalizeDisplayName(row.displayName) : null) ??
    defaultDeviceName(navigator.userAgent);
  const createdAt = typeof row.createdAt === 'number' ? row.createdAt : 0;
  return { keys, displayName, createdAt };
}

function asStorageError(error: unknown): KianaError {
  if (error instanceof KianaError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'QuotaExceededError') {
    return new KianaError('storage-quota', 'IndexedDB is full', { cause: error });
  }
  return new KianaError('storage-unavailable', 'cannot read the device identity', {
    cause: error,
  });
}

/**
 * Reads the identity, creating it at first run. Two tabs starting together both generate keys,
 * but only the first to write in the transaction keeps them; the other reads that one, so the
 * browser never ends up with two identities.
 */
async function loadOrCreate(): Promise<DeviceIdentity> {
  try {
    const existing = await table().get(ROW_ID);
    if (existing) return await fromRow(existing);
    const keys = await generateDeviceKeys();
    const fresh: IdentityRow = {
      id: ROW_ID,
      ...keys,
      displayName: defaultDeviceName(navigator.userAgent),
      createdAt: Date.now(),
    };
    const row = await getDb().transaction('rw', table(), async () => {
      const current = await table().get(ROW_ID);
      if (current) return current;
      await table().add(fresh);
      return fresh;
    });
    return await fromRow(row);
  } catch (error) {
    throw asStorageError(error);
  }
}

let loading: Promise<DeviceIdentity> | null = null;

/** This browser's identity (created on first call ever, cached afterwards). */
export function loadIdentity(): Promise<DeviceIdentity> {
  loading ??= loadOrCreate().catch((error: unknown) => {
    loading = null; // let a later call retry, e.g. after the person freed some space
    throw error;
  });
  return loading;
}

/**
 * Renames this device. Whitespace is tidied and the name cut to 64 characters; a name with
 * nothing left is refused with `bad-message`.
 */
export async function setDisplayName(name: string): Promise<DeviceIdentity> {
  const cleaned = normalizeDisplayName(name);
  if (cleaned === null) throw new KianaError('bad-message', 'a device name cannot be empty');
  await loadIdentity();
  try {
    await table().update(ROW_ID, { displayName: cleaned });
  } catch (error) {
    throw asStorageError(error);
  }
  loading = null;
  return loadIdentity();
}
