/**
 * Which web origins are the companion's own. A browser sends Origin on every WebSocket, and only
 * pages the companion served may use its endpoints. Comparing Origin with Host is not enough:
 * under DNS rebinding a page of `evil.example` whose name now resolves to the companion sends
 * Origin and Host both `evil.example`. So the origin's host must be one of the names and
 * addresses the companion itself answers to, and its port one the companion listens on.
 */
import { X509Certificate } from 'node:crypto';

/** What the companion is called and where it listens. */
export interface OwnNames {
  /** The mDNS name (`<name>.local`). */
  readonly name: string;
  /** The address it is bound to (a wildcard adds nothing). */
  readonly host: string;
  /** Its LAN addresses now. */
  readonly addresses: readonly string[];
  /** The names and addresses in its HTTPS certificate (a user-supplied one names its own host). */
  readonly certNames: readonly string[];
}

const WILDCARD = new Set(['0.0.0.0', '::']);

/** The host names (lowercase, IPv6 without brackets) that are this companion. */
export function ownHostnames(own: OwnNames): Set<string> {
  const hosts = ['localhost', '127.0.0.1', '::1', `${own.name}.local`, ...own.addresses];
  if (!WILDCARD.has(own.host)) hosts.push(own.host);
  hosts.push(...own.certNames);
  return new Set(hosts.map((h) => h.toLowerCase()));
}

/** True when `origin` is a page of this companion: its host and port are ours. */
export function isOwnOrigin(
  origin: string,
  hostnames: ReadonlySet<string>,
  ports: readonly number[],
): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return hostnames.has(host) && ports.includes(port);
}

const namesOfPem = new Map<string, readonly string[]>();

/** The DNS names and IP addresses of the first certificate in `pem` (cached: it rarely changes). */
export function certificateNames(pem: string): readonly string[] {
  let names = namesOfPem.get(pem);
  if (names === undefined) {
    const alt = new X509Certificate(pem).subjectAltName ?? '';
    names = alt
      .split(', ')
      .map((entry) => /^(?:DNS|IP Address):(.+)$/.exec(entry)?.[1])
      .filter((n): n is string => n !== undefined);
    namesOfPem.clear();
    namesOfPem.set(pem, names);
  }
  return names;
}
