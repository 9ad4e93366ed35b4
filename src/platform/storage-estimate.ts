/**
 * The StorageManager, wrapped: persistence (so the browser does not evict Kiana's data under
 * pressure) and usage/quota in human units.
 */

/** Absent outside secure contexts (e.g. plain http to a LAN address) and in old browsers. */
function storageManager(): StorageManager | undefined {
  return typeof navigator !== 'undefined' && 'storage' in navigator ? navigator.storage : undefined;
}

export interface StorageEstimateResult {
  usage: number;
  quota: number;
}

/**
 * Asks once for persistent storage. Returns whether storage is persistent now, or `null` when the
 * browser has no StorageManager (then there is nothing to show but "unknown").
 */
export async function requestPersistence(): Promise<boolean | null> {
  const storage = storageManager();
  if (!storage) return null;
  try {
    // Firefox asks the person; skip the question when the answer is already yes.
    if (await storage.persisted()) return true;
    return await storage.persist();
  } catch {
    return null;
  }
}

/** Usage and quota in bytes, or `null` when the browser cannot tell. */
export async function estimateStorage(): Promise<StorageEstimateResult | null> {
  const storage = storageManager();
  if (!storage) return null;
  try {
    const { usage, quota } = await storage.estimate();
    if (usage === undefined || quota === undefined) return null;
    return { usage, quota };
  } catch {
    return null;
  }
}

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * `1234567` → "1.2 MB" (en) or "1,2 MB" (de). Decimal (1000-based) steps, because that is what
 * the kB/MB/GB unit names mean and what operating systems show for disks.
 */
export function formatBytes(bytes: number, locale: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: 'short',
    maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0,
  }).format(value);
}
