/**
 * Certificate generation for HTTPS that phones trust: one local CA per companion (installed once
 * on each device) and a server certificate it signs for `<name>.local`, localhost and the current
 * addresses. ECDSA P-256 keys, SHA-256 signatures.
 */
import './reflect-metadata.js';
import { webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import {
  encodeNameConstraints,
  isPermittedAddress,
  NAME_CONSTRAINTS_OID,
} from './name-constraints.js';

// Node's Web Crypto; the library's own types name the DOM `Crypto`, which Node builds lack.
x509.cryptoProvider.set(webcrypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Apple rejects TLS server certificates valid for more than 398 days. */
export const SERVER_VALIDITY_DAYS = 397;
export const CA_VALIDITY_DAYS = 3650;

/** A certificate with its private key, both PEM. */
export interface KeyedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

/** The names a server certificate covers. */
export interface ServerNames {
  readonly dns: readonly string[];
  readonly ips: readonly string[];
}

function pem(label: string, der: ArrayBuffer): string {
  const base64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${base64}\n-----END ${label}-----\n`;
}

async function newKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
}

async function keyPem(key: webcrypto.CryptoKey): Promise<string> {
  return pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', key));
}

/** SHA-256 of the certificate's DER, as uppercase hex pairs joined by colons (what OSes show). */
export function fingerprint(certPem: string): string {
  return new NodeX509(certPem).fingerprint256;
}

/**
 * Creates the companion's CA: a self-signed root limited by Name Constraints to `.local`,
 * localhost and private addresses, allowed to sign only end-entity certificates (pathLen 0).
 */
export async function createCa(name: string, now: Date = new Date()): Promise<KeyedCertificate> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=Kiana local CA (${name}), O=Kiana companion`,
    keys,
    signingAlgorithm: ALGORITHM,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      new x509.Extension(NAME_CONSTRAINTS_OID, true, encodeNameConstraints()),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: await keyPem(keys.privateKey) };
}

async function importPrivateKey(keyPemText: string): Promise<webcrypto.CryptoKey> {
  const der = Buffer.from(keyPemText.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, false, ['sign']);
}

/**
 * The names the server certificate will carry: `<name>.local`, localhost, 127.0.0.1 and those of
 * `addresses` inside the CA's constraints (a global IPv6 address would make the whole certificate
 * invalid under them, and devices reach the companion by name anyway).
 */
export function serverNames(name: string, addresses: readonly string[]): ServerNames {
  const ips = ['127.0.0.1', ...addresses.filter(isPermittedAddress)];
  return { dns: [`${name}.local`, 'localhost'], ips: [...new Set(ips)] };
}

/** Issues a server certificate for `names`, signed by `ca`. */
export async function issueServerCertificate(
  ca: KeyedCertificate,
  names: ServerNames,
  now: Date = new Date(),
): Promise<KeyedCertificate> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${names.dns[0] ?? 'localhost'}`,
    issuer: caCert.subject,
    publicKey: keys.publicKey,
    signingKey: await importPrivateKey(ca.keyPem),
    signingAlgorithm: ALGORITHM,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + SERVER_VALIDITY_DAYS * DAY_MS),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...names.dns.map((value) => ({ type: 'dns' as const, value })),
        ...names.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
    ],
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: await keyPem(keys.privateKey) };
}

/** The DNS names and IPs a PEM certificate covers, from its subjectAltName. */
export function coveredNames(certPem: string): ServerNames {
  const san = new NodeX509(certPem).subjectAltName ?? '';
  const dns: string[] = [];
  const ips: string[] = [];
  for (const part of san.split(/,\s*/)) {
    if (part.startsWith('DNS:')) dns.push(part.slice(4));
    else if (part.startsWith('IP Address:')) ips.push(part.slice(11).toLowerCase());
  }
  return { dns, ips };
}
