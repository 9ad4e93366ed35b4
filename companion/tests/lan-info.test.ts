import { describe, expect, it } from 'vitest';
import { lanInfo, type LanInfoInputs } from '../src/lan-info.js';

const base: LanInfoInputs = {
  name: 'kiana-box',
  host: '0.0.0.0',
  httpPort: 8787,
  httpsPort: 8443,
  mdns: true,
  localCa: true,
  addresses: ['192.168.1.20', 'fd00::20'],
};

describe('/lan.json', () => {
  it('names the companion by .local first, then by IPv4 address, with the CA page', () => {
    expect(lanInfo(base)).toEqual({
      origins: ['https://kiana-box.local:8443', 'https://192.168.1.20:8443'],
      ca: 'http://192.168.1.20:8787/ca',
    });
  });

  it('leaves out the .local name without mDNS, and the CA step with a supplied certificate', () => {
    expect(lanInfo({ ...base, mdns: false, localCa: false, host: '::' })).toEqual({
      origins: ['https://192.168.1.20:8443', 'https://[fd00::20]:8443'],
      ca: null,
    });
  });

  it('offers nothing when bound to loopback, without HTTPS, or without a LAN address', () => {
    const none = { origins: [], ca: null };
    expect(lanInfo({ ...base, host: '127.0.0.1' })).toEqual(none);
    expect(lanInfo({ ...base, httpsPort: null })).toEqual(none);
    expect(lanInfo({ ...base, addresses: [] })).toEqual(none);
  });
});
