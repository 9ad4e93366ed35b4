import { describe, expect, it } from 'vitest';
import {
  deviceIdFromSigningKey,
  generateDeviceKeys,
  signDetached,
  validateDeviceKeys,
  verifyDetached,
} from '../../../src/core/crypto/identity.ts';
import { defaultDeviceName, normalizeDisplayName } from '../../../src/core/crypto/device-name.ts';
import { loadSodium } from '../../../src/core/crypto/sodium.ts';
import { base32, isDeviceId } from '@kiana/shared/ids';
import { KianaError } from '@kiana/shared/errors';

describe('device identity', () => {
  it('generates key pairs of the right sizes and an id derived from the signing key', async () => {
    const keys = await generateDeviceKeys();
    expect(keys.signPublicKey).toHaveLength(32);
    expect(keys.signSecretKey).toHaveLength(64);
    expect(keys.boxPublicKey).toHaveLength(32);
    expect(keys.boxSecretKey).toHaveLength(32);
    expect(isDeviceId(keys.deviceId)).toBe(true);
    expect(await deviceIdFromSigningKey(keys.signPublicKey)).toBe(keys.deviceId);
  });

  it('names a device by BLAKE2b-256 of its signing key, first 16 bytes in base32', async () => {
    const sodium = await loadSodium();
    const pk = new Uint8Array(32).fill(7);
    const expected = base32(sodium.crypto_generichash(32, pk, null).subarray(0, 16));
    expect(await deviceIdFromSigningKey(pk)).toBe(expected);
    expect(expected).toHaveLength(26);
  });

  it('gives two devices different ids', async () => {
    const [a, b] = await Promise.all([generateDeviceKeys(), generateDeviceKeys()]);
    expect(a.deviceId).not.toBe(b.deviceId);
  });

  it('signs and verifies, and rejects a tampered message', async () => {
    const keys = await generateDeviceKeys();
    const msg = new TextEncoder().encode('hello');
    const sig = await signDetached(keys, msg);
    expect(await verifyDetached(keys.signPublicKey, msg, sig)).toBe(true);
    expect(await verifyDetached(keys.signPublicKey, new TextEncoder().encode('hellO'), sig)).toBe(
      false,
    );
  });

  it('accepts stored keys that belong together and refuses mixed-up ones', async () => {
    const a = await generateDeviceKeys();
    const b = await generateDeviceKeys();
    await expect(validateDeviceKeys({ ...a })).resolves.toEqual(a);
    const cases: unknown[] = [
      null,
      { ...a, deviceId: b.deviceId },
      { ...a, signSecretKey: b.signSecretKey },
      { ...a, boxSecretKey: b.boxSecretKey },
      { ...a, boxPublicKey: new Uint8Array(31) },
    ];
    for (const c of cases) {
      await expect(validateDeviceKeys(c)).rejects.toSatisfy(
        (e) => e instanceof KianaError && e.code === 'storage-corrupt',
      );
    }
  });
});

describe('device display name', () => {
  it('derives a readable default from the user agent', () => {
    const chromiumLinux =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/131.0.0.0 Chrome/131.0.0.0 Safari/537.36';
    const headless =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36';
    const firefoxAndroid = 'Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0';
    const safariIphone =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
    const edgeWindows =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0';
    expect(defaultDeviceName(chromiumLinux)).toBe('Chromium on Linux');
    expect(defaultDeviceName(headless)).toBe('Chrome on Linux');
    expect(defaultDeviceName(firefoxAndroid)).toBe('Firefox on Android');
    expect(defaultDeviceName(safariIphone)).toBe('Safari on iPhone');
    expect(defaultDeviceName(edgeWindows)).toBe('Edge on Windows');
    expect(defaultDeviceName('')).toBe('Browser on unknown system');
  });

  it('cleans what a person types as a name', () => {
    expect(normalizeDisplayName('  Küche   tablet \n')).toBe('Küche tablet');
    expect(normalizeDisplayName('\u202eevil')).toBe('evil');
    expect(normalizeDisplayName('   ')).toBeNull();
    expect(Array.from(normalizeDisplayName('ä'.repeat(100)) ?? '')).toHaveLength(64);
    expect(normalizeDisplayName('👨‍👩‍👧 home')).toBe('👨‍👩‍👧 home');
  });
});
