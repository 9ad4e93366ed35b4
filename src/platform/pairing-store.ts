/**
 * Paired devices in IndexedDB (Dexie tables `pairings` and `unpaired`). Rows are checked when
 * read: a damaged row is skipped and logged, never handed to the mesh.
 */
import type { Table } from 'dexie';
import { KianaError } from '@kiana/shared/errors';
import { isDeviceId, type DeviceId } from '@kiana/shared/ids';
import type { RemovedPairing } from '../core/mesh/types.ts';
import type { Pairing } from '../core/pairing/types.ts';
import { PAIRING_KINDS } from '@kiana/shared/protocol/mesh';
import { getDb } from './db.ts';

const pairings = (): Table<Pairing, string> => getDb().table<Pairing, string>('pairings');
const unpaired = (): Table<RemovedPairing, string> =>
  getDb().table<RemovedPairing, string>('unpaired');

const bytes = (v: unknown, n: number): boolean => v instanceof Uint8Array && v.length === n;

function isPairing(v: unknown): v is Pairing {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return (
    isDeviceId(p['deviceId']) &&
    bytes(p['signKey'], 32) &&
    bytes(p['boxKey'], 32) &&
    bytes(p['secret'], 32) &&
    typeof p['name'] === 'string' &&
    (PAIRING_KINDS as readonly unknown[]).includes(p['kind']) &&
    typeof p['pairedAt'] === 'number'
  );
}

function isRemoved(v: unknown): v is RemovedPairing {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return isDeviceId(r['deviceId']) && bytes(r['secret'], 32) && typeof r['removedAt'] === 'number';
}

function storageError(error: unknown): KianaError {
  if (error instanceof KianaError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'QuotaExceededError') return new KianaError('storage-quota', 'IndexedDB is full');
  return new KianaError('storage-unavailable', 'cannot reach the pairings', { cause: error });
}

async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw storageError(error);
  }
}

/** Every valid pairing. */
export function listPairings(): Promise<Pairing[]> {
  return guarded(async () => {
    const rows = await pairings().toArray();
    const valid = rows.filter(isPairing);
    if (valid.length !== rows.length) console.warn('pairings: skipped damaged rows');
    return valid;
  });
}

/** Stores (or replaces) a pairing; a tombstone for the same device goes. */
export function savePairing(pairing: Pairing): Promise<void> {
  return guarded(() =>
    getDb().transaction('rw', pairings(), unpaired(), async () => {
      await pairings().put(pairing);
      await unpaired().delete(pairing.deviceId);
    }),
  );
}

/**
 * When each paired device was last heard, as kept across reloads (a `lastSeen` field beside the
 * pairing's row; the mesh only knows what it heard since this page started).
 */
export function listLastSeen(): Promise<Map<DeviceId, number>> {
  return guarded(async () => {
    const seen = new Map<DeviceId, number>();
    for (const row of await pairings().toArray()) {
      const at = (row as Partial<{ lastSeen: unknown }>).lastSeen;
      if (isPairing(row) && typeof at === 'number' && Number.isFinite(at)) {
        seen.set(row.deviceId, at);
      }
    }
    return seen;
  });
}

/** Keeps when a paired device was last heard. */
export function saveLastSeen(deviceId: DeviceId, at: number): Promise<void> {
  return guarded(async () => {
    await pairings().update(deviceId, { lastSeen: at } as Partial<Pairing>);
  });
}

/** Updates the name a peer gave in its latest hello. */
export function renamePairing(deviceId: DeviceId, name: string): Promise<void> {
  return guarded(async () => {
    await pairings().update(deviceId, { name });
  });
}

/**
 * Removes a pairing. When the peer could not be told, a tombstone keeps the secret so the mesh
 * can still find the peer and tell it later.
 */
export function removePairing(deviceId: DeviceId, told: boolean): Promise<void> {
  return guarded(() =>
    getDb().transaction('rw', pairings(), unpaired(), async () => {
      const row = await pairings().get(deviceId);
      await pairings().delete(deviceId);
      if (!told && row !== undefined && isPairing(row)) {
        await unpaired().put({ deviceId, secret: row.secret, removedAt: Date.now() });
      }
    }),
  );
}

/** Pairings removed while their peer was away (tombstones). */
export function listRemoved(): Promise<RemovedPairing[]> {
  return guarded(async () => (await unpaired().toArray()).filter(isRemoved));
}

/** Forgets a tombstone once the peer was told. */
export function forgetRemoved(deviceId: DeviceId): Promise<void> {
  return guarded(() => unpaired().delete(deviceId));
}
