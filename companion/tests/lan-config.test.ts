import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { defaultName } from '../src/lan-config.js';

const context = { cwd: '/home/user', repoRoot: '/srv/kiana', hostname: 'Living-Room.fritz.box' };

function lan(argv: string[], env: Record<string, string> = {}) {
  const result = parseConfig(argv, { ...context, env });
  if (result.kind !== 'run') throw new Error(JSON.stringify(result));
  return result.lan;
}

function error(argv: string[], env: Record<string, string> = {}): string {
  const result = parseConfig(argv, { ...context, env });
  if (result.kind !== 'error') throw new Error(JSON.stringify(result));
  return result.message;
}

describe('the LAN flags', () => {
  it('turn HTTPS, STUN and mDNS on for a LAN-facing companion, named after the host', () => {
    expect(lan([], { HOME: '/home/user' })).toEqual({
      name: 'kiana-living-room',
      dataDir: path.join('/home/user', '.local', 'share', 'kiana-companion'),
      httpsPort: 8443,
      stunPort: 3478,
      mdns: true,
      tls: null,
    });
  });

  it('keep a loopback companion quiet unless asked', () => {
    expect(lan(['--host', '127.0.0.1'])).toMatchObject({
      httpsPort: null,
      stunPort: null,
      mdns: false,
    });
    expect(lan(['--host', '127.0.0.1', '--https-port', '0', '--mdns', 'on'])).toMatchObject({
      httpsPort: 0,
      mdns: true,
    });
  });

  it('read every flag and its environment variable', () => {
    expect(
      lan([
        '--name',
        'Kiana-Den',
        '--data-dir',
        'data',
        '--https-port',
        'off',
        '--stun-port',
        '3479',
        '--mdns',
        'off',
        '--tls-cert',
        '/etc/c.pem',
        '--tls-key',
        'k.pem',
      ]),
    ).toEqual({
      name: 'kiana-den',
      dataDir: path.join('/home/user', 'data'),
      httpsPort: null,
      stunPort: 3479,
      mdns: false,
      tls: { certFile: '/etc/c.pem', keyFile: path.join('/home/user', 'k.pem') },
    });
    expect(
      lan([], {
        KIANA_NAME: 'attic',
        KIANA_DATA_DIR: '/var/lib/kiana',
        KIANA_STUN_PORT: 'off',
        XDG_DATA_HOME: '/x',
      }),
    ).toMatchObject({ name: 'attic', dataDir: '/var/lib/kiana', stunPort: null });
    expect(lan([], { XDG_DATA_HOME: '/x' }).dataDir).toBe('/x/kiana-companion');
  });

  it('refuse a name that is not one DNS label, a bad port, a bad switch and a key without a cert', () => {
    expect(error(['--name', 'my.kiana'])).toContain('--name');
    expect(error(['--https-port', 'https'])).toContain('--https-port');
    expect(error([], { KIANA_MDNS: 'yes' })).toContain('KIANA_MDNS');
    expect(error(['--tls-key', 'k.pem'])).toContain('--tls-cert');
  });

  it('derive a valid default name from any host name', () => {
    expect(defaultName('MacBook Pro (2)')).toBe('kiana-macbook-pro-2');
    expect(defaultName('')).toBe('kiana');
    expect(defaultName('x'.repeat(100))).toHaveLength(63);
  });
});
