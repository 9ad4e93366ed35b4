/**
 * The chain's ed25519 shortcut through Web Crypto, in Chromium's own engine (BoringSSL; the unit
 * test covers Node's OpenSSL): the RFC 8032 vectors and every attack answer exactly as libsodium
 * does, where Web Crypto alone accepts a small-order key and an identity R.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSodium } from '../../src/core/crypto/sodium.ts';
import { ed25519Cases } from '../unit/crypto/ed25519-cases.ts';
import { startCompanion, type CompanionProcess } from './companion-process.ts';
import { launchDevice, openApp, type Device } from './devices.ts';

let companion: CompanionProcess;
let device: Device;

beforeAll(async () => {
  companion = await startCompanion();
  device = await launchDevice({ name: 'web-verify' });
});

afterAll(async () => {
  await device.dispose();
  await companion.stop();
});

interface Answers {
  found: number;
  libsodium: boolean[];
  webCrypto: (boolean | string)[];
  preverified: boolean[];
}

describe('ed25519 through Web Crypto in Chromium', () => {
  it('answers every case as libsodium does, though Web Crypto alone is laxer', async () => {
    const cases = ed25519Cases(await loadSodium());
    const page = await openApp(device, companion.url, '/');
    const got = await page.evaluate(
      (list) =>
        (
          globalThis as unknown as {
            kianaTest: { ed25519(c: typeof list): Promise<Answers> };
          }
        ).kianaTest.ed25519(list),
      cases.map(({ key, message, signature }) => ({ key, message, signature })),
    );
    const valid = cases.map((c) => c.valid);
    expect(got.libsodium).toEqual(valid);
    expect(got.preverified).toEqual(valid);
    // Every valid one went through Web Crypto (the probe passed), no invalid one did.
    expect(got.found).toBe(valid.filter(Boolean).length);
    const lax = cases.filter((c, i) => !c.valid && got.webCrypto[i] === true).map((c) => c.name);
    expect(lax).toEqual(['identity R', 'small-order key']);
  });
});
