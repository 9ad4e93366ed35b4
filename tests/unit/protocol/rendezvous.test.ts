import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import { base32 } from '@kiana/shared/ids';
import {
  announcedEpochs,
  currentRendezvousTokens,
  deriveRendezvousToken,
  isRendezvousToken,
  RENDEZVOUS_EPOCH_MS,
  rendezvousEpoch,
} from '@kiana/shared/protocol';

const secret = new Uint8Array(32).map((_, i) => i);

/** The derivation written out again with Node's HMAC, as an independent reference. */
function reference(key: Uint8Array, epoch: number): string {
  const message = Buffer.alloc('kiana/rendezvous/v1'.length + 9);
  message.write('kiana/rendezvous/v1');
  message.writeBigUInt64BE(BigInt(epoch), message.length - 8);
  return base32(createHmac('sha256', key).update(message).digest().subarray(0, 16));
}

describe('rendezvous tokens', () => {
  it('are HMAC-SHA-256 of the secret and the epoch, truncated to 128 bits of base32', async () => {
    for (const epoch of [0, 1, 2_900_000, 2 ** 40]) {
      const token = await deriveRendezvousToken(secret, epoch);
      expect(token).toBe(reference(secret, epoch));
      expect(isRendezvousToken(token)).toBe(true);
    }
  });

  it('differ between epochs and between secrets, and agree for the same pair', async () => {
    const other = new Uint8Array(32).fill(1);
    const a = await deriveRendezvousToken(secret, 10);
    expect(await deriveRendezvousToken(secret, 10)).toBe(a);
    expect(await deriveRendezvousToken(secret, 11)).not.toBe(a);
    expect(await deriveRendezvousToken(other, 10)).not.toBe(a);
  });

  it('refuse short secrets and impossible epochs', async () => {
    await expect(deriveRendezvousToken(new Uint8Array(15), 1)).rejects.toThrow(KianaError);
    await expect(deriveRendezvousToken(secret, -1)).rejects.toThrow(/epoch/);
    await expect(deriveRendezvousToken(secret, 1.5)).rejects.toThrow(/epoch/);
  });

  it('rotate: two epochs apart, a device announces nothing it announced before', async () => {
    const now = 1_700_000_000_000;
    const before = await currentRendezvousTokens([secret], now);
    const later = await currentRendezvousTokens([secret], now + 2 * RENDEZVOUS_EPOCH_MS);
    expect(before).toHaveLength(2);
    expect(later.some((t) => before.includes(t))).toBe(false);
  });

  it('always share a token between clocks less than half an epoch apart', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: RENDEZVOUS_EPOCH_MS, max: 2 ** 45 }),
        fc.integer({ min: -(RENDEZVOUS_EPOCH_MS / 2) + 1, max: RENDEZVOUS_EPOCH_MS / 2 - 1 }),
        (now, skew) => {
          const mine = announcedEpochs(now);
          const theirs = announcedEpochs(now + skew);
          expect(mine).toContain(rendezvousEpoch(now));
          expect(mine.some((e) => theirs.includes(e))).toBe(true);
        },
      ),
    );
  });

  it('announce two tokens per secret, without duplicates across secrets', async () => {
    const tokens = await currentRendezvousTokens(
      [secret, secret, new Uint8Array(16).fill(3)],
      5e12,
    );
    expect(tokens).toHaveLength(4);
    expect(new Set(tokens).size).toBe(4);
  });
});
