/**
 * Which origin a pairing link names. A page opened on `localhost` would put
 * `http://localhost:…` into the QR code, which a phone cannot reach, so the companion is asked
 * (`/lan.json`) for an address other devices can open. Asking doubles as the check that the
 * companion is there at all: pairing needs it, and the person should hear so at once rather
 * than after the signalling timeout.
 */
import { KianaError } from '@kiana/shared/errors';
import { LAN_INFO_PATH, parseLanInfo } from '@kiana/shared/protocol/lan-info';

export interface PairingOrigin {
  /** The origin the link names. */
  readonly origin: string;
  /** False when no other device can reach that origin (the companion serves only this machine). */
  readonly reachable: boolean;
  /** The companion's CA install page, for a device opening the link the first time. */
  readonly ca: string | null;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether `hostname` names this machine only. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname) || hostname.startsWith('127.') || hostname.endsWith('.localhost');
}

/**
 * The origin for a pairing link made on this page.
 *
 * @throws KianaError `companion-offline` when the companion does not answer
 */
export async function pairingOrigin(
  here: Location = location,
  timeoutMs = 5000,
): Promise<PairingOrigin> {
  let response: Response;
  try {
    response = await fetch(LAN_INFO_PATH, {
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new KianaError('companion-offline', 'the companion did not answer', { cause: error });
  }
  if (!response.ok) {
    throw new KianaError('companion-offline', `no companion here (${response.status})`);
  }
  // A page another device already reached by a LAN name or address is reachable as it is.
  if (!isLoopbackHost(here.hostname)) return { origin: here.origin, reachable: true, ca: null };
  const info = parseLanInfo(await response.json().catch(() => null));
  const origin = info?.origins[0];
  if (info === null || origin === undefined) {
    return { origin: here.origin, reachable: false, ca: null };
  }
  return { origin, reachable: true, ca: info.ca };
}
