/**
 * `GET /lan.json`: where other devices on the network can open this companion's app. The page
 * asks before it makes a pairing link, because a page opened on `localhost` would otherwise put
 * `http://localhost:…` into the QR code, which a phone cannot reach.
 */

export const LAN_INFO_PATH = '/lan.json';

export interface LanInfo {
  /** HTTPS origins other devices can open, best first (by `.local` name, then by address). */
  readonly origins: readonly string[];
  /**
   * The page (plain HTTP, reachable before the device trusts anything) that installs the
   * companion's local CA; null when a supplied certificate needs no install or nothing is reachable.
   */
  readonly ca: string | null;
}

const ORIGIN = /^https?:\/\/[A-Za-z0-9.[\]:-]{1,300}$/;

/** Checks a `/lan.json` body; anything else is null (an old companion, a proxy's error page). */
export function parseLanInfo(value: unknown): LanInfo | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const origins = v['origins'];
  const ca = v['ca'];
  if (!Array.isArray(origins) || origins.length > 32) return null;
  if (!origins.every((o) => typeof o === 'string' && ORIGIN.test(o) && o.startsWith('https:')))
    return null;
  if (ca !== null && !(typeof ca === 'string' && ca.length < 400 && /^https?:\/\//.test(ca)))
    return null;
  return { origins: origins as string[], ca };
}
