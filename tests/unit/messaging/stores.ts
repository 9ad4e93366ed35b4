/** Two real stores (wa-sqlite in memory, the real ratchet) paired, for the messaging tests. */
import { expect } from 'vitest';
import type { DeviceId } from '@kiana/shared/ids';
import { loadRatchetSuite, type RatchetSuite } from '../../../src/core/crypto/ratchet/suite.ts';
import { sessionStart } from '../../../src/core/messaging/start.ts';
import type { StoreService } from '../../../workers/store/service.ts';
import { deviceKeys } from '../chain/helpers.ts';
import { identityOf, openTestStore, type TestDb } from '../storage/sqlite-node.ts';

let suite: RatchetSuite | undefined;

const SECRET = new Uint8Array(32).fill(7);

/** Two stores (devices 1 and 2) with sessions started from one pairing. */
export async function pair(): Promise<{
  a: StoreService;
  b: StoreService;
  ida: DeviceId;
  idb: DeviceId;
  ta: TestDb;
  tb: TestDb;
}> {
  const ratchet = (suite ??= await loadRatchetSuite());
  const [ka, kb] = [deviceKeys(1), deviceKeys(2)];
  const opened = await openTestStore(identityOf(1));
  const a = opened.store;
  const openedB = await openTestStore(identityOf(2));
  const b = openedB.store;
  const start = async (s: StoreService, me: typeof ka, peer: typeof kb) => {
    const { pairing, state } = sessionStart(ratchet, {
      me: { deviceId: me.deviceId, boxPublicKey: me.boxPublicKey, boxSecretKey: me.boxSecretKey },
      peer: { deviceId: peer.deviceId, boxKey: peer.boxPublicKey },
      pairingSecret: SECRET,
    });
    return s.messages.start(peer.deviceId, pairing, state);
  };
  expect(await start(a, ka, kb)).toBe(true);
  expect(await start(b, kb, ka)).toBe(true);
  // The same pairing again (every peer-up does this) keeps the running session.
  expect(await start(a, ka, kb)).toBe(false);
  return { a, b, ida: ka.deviceId, idb: kb.deviceId, ta: opened.t, tb: openedB.t };
}

/** `xs[i]`, which the test expects to exist. */
export function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`no item ${i}`);
  return x;
}

/** A copy of `bytes` with one bit of byte `i` (from the end when negative) flipped. */
export function flip(bytes: Uint8Array, i: number): Uint8Array {
  const out = bytes.slice();
  const j = i < 0 ? out.length + i : i;
  out[j] = at([...out], j) ^ 1;
  return out;
}
