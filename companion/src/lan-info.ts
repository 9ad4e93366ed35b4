/**
 * What `GET /lan.json` answers: the HTTPS origins other devices can open and the CA install page.
 * A companion bound to loopback, or without HTTPS, has none: a phone can reach nothing there (and
 * plain HTTP on a LAN address is no secure context, so the app would not run).
 */
import { isIPv4 } from 'node:net';
import type { LanInfo } from '@kiana/shared/protocol';

export interface LanInfoInputs {
  readonly name: string;
  /** The address the HTTP listener is bound to. */
  readonly host: string;
  readonly httpPort: number;
  readonly httpsPort: number | null;
  /** Whether `<name>.local` is advertised (without mDNS nobody resolves it). */
  readonly mdns: boolean;
  /** True when the local CA signs the certificate (then other devices must install it once). */
  readonly localCa: boolean;
  /** The machine's LAN addresses now (addresses.ts). */
  readonly addresses: readonly string[];
}

const WILDCARD = new Set(['0.0.0.0', '::']);
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const hostOf = (address: string): string => (address.includes(':') ? `[${address}]` : address);

/** The addresses other devices reach this companion on, IPv4 first. */
function reachable(inputs: LanInfoInputs): string[] {
  if (LOOPBACK.has(inputs.host) || inputs.host.startsWith('127.')) return [];
  if (!WILDCARD.has(inputs.host)) return [inputs.host];
  // 0.0.0.0 accepts IPv4 only; `::` normally accepts both.
  const all = inputs.addresses.filter((a) => inputs.host === '::' || isIPv4(a));
  return [...all.filter((a) => isIPv4(a)), ...all.filter((a) => !isIPv4(a))];
}

/** Builds the `/lan.json` body. */
export function lanInfo(inputs: LanInfoInputs): LanInfo {
  const addresses = reachable(inputs);
  if (inputs.httpsPort === null || addresses.length === 0) return { origins: [], ca: null };
  const port = inputs.httpsPort;
  const byAddress = addresses.map((a) => `https://${hostOf(a)}:${port}`);
  const origins = inputs.mdns ? [`https://${inputs.name}.local:${port}`, ...byAddress] : byAddress;
  const first = addresses[0] ?? '';
  const ca = inputs.localCa ? `http://${hostOf(first)}:${inputs.httpPort}/ca` : null;
  return { origins, ca };
}
