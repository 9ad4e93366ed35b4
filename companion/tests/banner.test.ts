import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { formatBanner, lanAddresses } from '../src/banner.js';

function info(address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo {
  const base = { address, netmask: '', mac: '00:00:00:00:00:00', internal, cidr: null };
  return family === 'IPv4' ? { ...base, family } : { ...base, family, scopeid: 0 };
}

const interfaces = {
  lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
  eth0: [info('192.168.1.20', 'IPv4'), info('fe80::1', 'IPv6'), info('2001:db8::20', 'IPv6')],
};

describe('the start banner', () => {
  it('lists external addresses but not loopback or link-local ones', () => {
    expect(lanAddresses(interfaces)).toEqual(['192.168.1.20', '2001:db8::20']);
  });

  it('lists IPv4 LAN URLs when bound to 0.0.0.0', () => {
    const text = formatBanner('http://localhost:8787/', '0.0.0.0', 8787, interfaces);
    expect(text).toContain('http://localhost:8787/');
    expect(text).toContain('http://192.168.1.20:8787/');
    expect(text).not.toContain('2001:db8');
  });

  it('brackets IPv6 LAN URLs when bound to ::', () => {
    const text = formatBanner('http://localhost:8787/', '::', 8787, interfaces);
    expect(text).toContain('http://[2001:db8::20]:8787/');
  });

  it('lists only the bound address when bound to one interface', () => {
    const text = formatBanner('http://127.0.0.1:8787/', '127.0.0.1', 8787, interfaces);
    expect(text).toContain('http://127.0.0.1:8787/');
    expect(text).not.toContain('192.168');
  });
});
