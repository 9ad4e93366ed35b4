/**
 * Where the companion keeps its TLS material: `<dataDir>/tls/` holds the CA key and certificate
 * (created once, at first start) and the current server certificate, which is re-issued when the
 * companion's addresses change or expiry nears. A user-supplied certificate replaces all of it.
 */
import { X509Certificate } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';
import {
  coveredNames,
  createCa,
  fingerprint,
  issueServerCertificate,
  serverNames,
  type KeyedCertificate,
} from './certificates.js';

/** What the HTTPS server needs, plus what /ca.crt and mDNS tell the world. */
export interface TlsMaterial {
  readonly key: string;
  /** The server certificate followed by the CA, so clients get the whole chain. */
  readonly cert: string;
  /** The CA to offer at /ca.crt; null with a user-supplied certificate. */
  readonly caPem: string | null;
  readonly caFingerprint: string | null;
}

/** Re-issue this long before the server certificate expires. */
const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes via a temp file and rename, so a crash never leaves half a key behind. */
async function writePrivate(file: string, content: string): Promise<void> {
  const temp = `${file}.tmp`;
  await writeFile(temp, content, { mode: 0o600 });
  await rename(temp, file);
}

async function loadPair(dir: string, stem: string): Promise<KeyedCertificate | undefined> {
  const certPem = await readIfPresent(path.join(dir, `${stem}.crt`));
  const keyPem = await readIfPresent(path.join(dir, `${stem}-key.pem`));
  return certPem !== undefined && keyPem !== undefined ? { certPem, keyPem } : undefined;
}

async function savePair(dir: string, stem: string, pair: KeyedCertificate): Promise<void> {
  await writePrivate(path.join(dir, `${stem}-key.pem`), pair.keyPem);
  await writePrivate(path.join(dir, `${stem}.crt`), pair.certPem);
}

/**
 * One spelling per address: a certificate's subjectAltName reads IPv6 back uncompressed
 * (`fd12:0:0:0:0:0:0:1`) while the interfaces list it compressed (`fd12::1`). Compared as
 * written, any machine with an IPv6 LAN address got a new certificate on every start.
 */
function canonicalIp(ip: string): string {
  return isIPv6(ip) ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip;
}

function sameNames(a: { dns: readonly string[]; ips: readonly string[] }, b: typeof a): boolean {
  const key = (n: typeof a) =>
    [...n.dns.map((s) => s.toLowerCase()), ...n.ips.map(canonicalIp)].sort().join(',');
  return key(a) === key(b);
}

/** The local CA and the server certificate it signs, kept current. */
export class LocalCertificates {
  private constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly ca: KeyedCertificate,
    private server: KeyedCertificate,
    private readonly logger: Logger,
  ) {}

  /** Loads or creates the CA and a server certificate for `name` and `addresses`. */
  static async open(
    dataDir: string,
    name: string,
    addresses: readonly string[],
    logger: Logger,
  ): Promise<LocalCertificates> {
    const dir = path.join(dataDir, 'tls');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    let ca = await loadPair(dir, 'ca');
    if (ca === undefined) {
      ca = await createCa(name);
      await savePair(dir, 'ca', ca);
      logger.info('created local CA', { fingerprint: fingerprint(ca.certPem), dir });
    }
    let server = await loadPair(dir, 'server');
    if (server === undefined) {
      server = await issueServerCertificate(ca, serverNames(name, addresses));
      await savePair(dir, 'server', server);
    }
    const store = new LocalCertificates(dir, name, ca, server, logger);
    await store.refresh(addresses);
    return store;
  }

  /**
   * Re-issues the server certificate when its names no longer match `addresses`, it expires
   * within 30 days, or it was not signed by this CA (e.g. the CA files were replaced).
   *
   * @returns true when a new certificate was issued (the HTTPS server must reload it)
   */
  async refresh(addresses: readonly string[]): Promise<boolean> {
    const wanted = serverNames(this.name, addresses);
    const current = new X509Certificate(this.server.certPem);
    const stale =
      !sameNames(coveredNames(this.server.certPem), wanted) ||
      new Date(current.validTo).getTime() - Date.now() < RENEW_BEFORE_MS ||
      !current.checkIssued(new X509Certificate(this.ca.certPem));
    if (!stale) return false;
    this.server = await issueServerCertificate(this.ca, wanted);
    await savePair(this.dir, 'server', this.server);
    this.logger.info('issued server certificate', { dns: wanted.dns, ips: wanted.ips });
    return true;
  }

  get material(): TlsMaterial {
    return {
      key: this.server.keyPem,
      cert: this.server.certPem + this.ca.certPem,
      caPem: this.ca.certPem,
      caFingerprint: fingerprint(this.ca.certPem),
    };
  }
}

/**
 * Reads a user-supplied certificate (own domain, e.g. from Let's Encrypt) and its key.
 *
 * @throws when a file is missing or the certificate does not parse
 */
export async function loadUserCertificate(certFile: string, keyFile: string): Promise<TlsMaterial> {
  const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
  new X509Certificate(cert); // throws on garbage, before the HTTPS server would
  return { key, cert, caPem: null, caFingerprint: null };
}
