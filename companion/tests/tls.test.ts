import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { coveredNames, issueServerCertificate, serverNames } from '../src/tls/certificates.js';
import { isPermittedAddress } from '../src/tls/name-constraints.js';
import { LocalCertificates } from '../src/tls/store.js';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'kiana-tls-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the local CA', () => {
  it('signs a server certificate for <name>.local, localhost and the private addresses', async () => {
    const store = await LocalCertificates.open(
      dataDir,
      'kiana-home',
      ['192.168.1.20', '2001:db8::5'],
      silentLogger,
    );
    const { cert, caPem, caFingerprint } = store.material;
    const [leafPem] = cert.split(/(?<=-----END CERTIFICATE-----\n)/);
    const leaf = new X509Certificate(leafPem ?? '');
    const ca = new X509Certificate(caPem ?? '');
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(ca.ca).toBe(true);
    expect(caFingerprint).toBe(ca.fingerprint256);
    // A global IPv6 address would break the CA's name constraints, so it is left out.
    expect(coveredNames(leafPem ?? '')).toEqual({
      dns: ['kiana-home.local', 'localhost'],
      ips: ['127.0.0.1', '192.168.1.20'],
    });
    expect(leaf.checkHost('kiana-home.local')).toBe('kiana-home.local');
    const days = (Date.parse(leaf.validTo) - Date.now()) / 86_400_000;
    expect(days).toBeLessThanOrEqual(398);
    expect((await stat(path.join(dataDir, 'tls', 'ca-key.pem'))).mode & 0o777).toBe(0o600);
  });

  it('keeps the CA across restarts and re-issues the server certificate when addresses change', async () => {
    const first = await LocalCertificates.open(
      dataDir,
      'kiana-home',
      ['192.168.1.20'],
      silentLogger,
    );
    const before = await readFile(path.join(dataDir, 'tls', 'server.crt'), 'utf8');
    expect(await first.refresh(['192.168.1.20'])).toBe(false);
    expect(await first.refresh(['10.1.2.3'])).toBe(true);
    const after = await readFile(path.join(dataDir, 'tls', 'server.crt'), 'utf8');
    expect(after).not.toBe(before);
    expect(coveredNames(after).ips).toEqual(['127.0.0.1', '10.1.2.3']);
    const again = await LocalCertificates.open(dataDir, 'kiana-home', ['10.1.2.3'], silentLogger);
    expect(again.material.caFingerprint).toBe(first.material.caFingerprint);
  });

  it('reuses a valid server certificate on restart, IPv6 addresses included', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kiana-tls-reuse-'));
    const addresses = ['192.168.1.20', 'fd12:3456::7'];
    try {
      await LocalCertificates.open(dir, 'kiana-home', addresses, silentLogger);
      const issued = await readFile(path.join(dir, 'tls', 'server.crt'), 'utf8');
      // The interfaces list the address in another order and spelling than the certificate.
      const restarted = await LocalCertificates.open(
        dir,
        'kiana-home',
        [...addresses].reverse(),
        silentLogger,
      );
      expect(await readFile(path.join(dir, 'tls', 'server.crt'), 'utf8')).toBe(issued);
      expect(await restarted.refresh(addresses)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('re-issues the server certificate at start when it expires within 30 days', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kiana-tls-expiry-'));
    const tls = path.join(dir, 'tls');
    try {
      await LocalCertificates.open(dir, 'kiana-home', ['192.168.1.20'], silentLogger);
      const ca = {
        certPem: await readFile(path.join(tls, 'ca.crt'), 'utf8'),
        keyPem: await readFile(path.join(tls, 'ca-key.pem'), 'utf8'),
      };
      // Issued 380 days ago: 17 days left of its 397.
      const old = await issueServerCertificate(
        ca,
        serverNames('kiana-home', ['192.168.1.20']),
        new Date(Date.now() - 380 * 86_400_000),
      );
      await writeFile(path.join(tls, 'server.crt'), old.certPem);
      await writeFile(path.join(tls, 'server-key.pem'), old.keyPem);
      await LocalCertificates.open(dir, 'kiana-home', ['192.168.1.20'], silentLogger);
      const renewed = new X509Certificate(await readFile(path.join(tls, 'server.crt'), 'utf8'));
      expect(renewed.fingerprint256).not.toBe(new X509Certificate(old.certPem).fingerprint256);
      expect((Date.parse(renewed.validTo) - Date.now()) / 86_400_000).toBeGreaterThan(390);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('knows which addresses its name constraints permit', () => {
    for (const ok of [
      '10.9.8.7',
      '172.31.0.1',
      '192.168.0.1',
      '100.100.1.1',
      '127.0.0.1',
      'fd12::1',
      'fe80::1',
      '::1',
    ]) {
      expect(isPermittedAddress(ok), ok).toBe(true);
    }
    for (const bad of ['8.8.8.8', '172.32.0.1', '2001:db8::1', '193.168.0.1']) {
      expect(isPermittedAddress(bad), bad).toBe(false);
    }
    expect(serverNames('x', ['8.8.8.8']).ips).toEqual(['127.0.0.1']);
  });
});
