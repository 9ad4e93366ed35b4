/**
 * Messaging figures, in Node: sealing and opening a ratchet message of 1 KB and 1 MB beside the
 * bare libsodium AEAD call on the same bytes (the floor: what the ratchet adds is its KDF steps,
 * the header and copying), and one DH ratchet step (a reply to a new key) beside the two X25519
 * operations it cannot avoid. The mesh round trip is in messaging-mesh.ts; file throughput comes
 * with files.
 */
import {
  decrypt,
  encrypt,
  startSession,
  type RatchetState,
} from '../../src/core/crypto/ratchet/session.ts';
import { loadRatchetSuite, type RatchetSuite } from '../../src/core/crypto/ratchet/suite.ts';
import type { Area, Figure } from '../figure.ts';

const RUNS = 200;
const WARMUP = 20;

function samples(action: () => void, runs = RUNS): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs + WARMUP; i++) {
    const started = performance.now();
    action();
    if (i >= WARMUP) out.push(performance.now() - started);
  }
  return out;
}

function pair(suite: RatchetSuite): { low: RatchetState; high: RatchetState } {
  const [lk, hk] = [suite.keyPair(), suite.keyPair()];
  const secret = suite.randomBytes(32);
  const start = (me: typeof lk, id: string, peer: typeof lk, peerId: string) =>
    startSession(suite, {
      me: { deviceId: id, boxPublicKey: me.publicKey, boxSecretKey: me.secretKey },
      peer: { deviceId: peerId, boxKey: peer.publicKey },
      pairingSecret: secret,
    });
  return { low: start(lk, 'a', hk, 'b'), high: start(hk, 'b', lk, 'a') };
}

function sealOpen(suite: RatchetSuite, bytes: number, label: string): Figure {
  const plaintext = suite.randomBytes(bytes);
  let { low, high } = pair(suite);
  const ours = samples(
    () => {
      const sent = encrypt(suite, low, plaintext);
      low = sent.state;
      high = decrypt(suite, high, sent.message).state;
    },
    bytes > 100_000 ? 40 : RUNS,
  );
  const key = suite.randomBytes(32);
  const ad = suite.randomBytes(100);
  const baseline = samples(
    () => {
      const nonce = suite.randomBytes(24);
      const sealed = suite.seal(key, nonce, plaintext, ad);
      suite.open(key, nonce, sealed, ad);
    },
    bytes > 100_000 ? 40 : RUNS,
  );
  return {
    id: `messaging.seal-open-${label}`,
    label: `seal and open one ${label} ratchet message (same chain)`,
    runtime: 'node',
    ours,
    baselineLabel: 'bare XChaCha20-Poly1305 seal + open of the same bytes',
    baseline,
  };
}

function ratchetStep(suite: RatchetSuite): Figure {
  let { low, high } = pair(suite);
  const one = new Uint8Array([1]);
  // Each sample: a message on a fresh ratchet key arrives (two X25519, two KDF_RK) and is read.
  const ours = samples(() => {
    const sent = encrypt(suite, low, one);
    low = sent.state;
    high = decrypt(suite, high, sent.message).state;
    const back = encrypt(suite, high, one);
    high = back.state;
    low = decrypt(suite, low, back.message).state;
  });
  const [a, b] = [suite.keyPair(), suite.keyPair()];
  const baseline = samples(() => {
    suite.dh(a.secretKey, b.publicKey);
    suite.dh(b.secretKey, a.publicKey);
    suite.keyPair();
    suite.keyPair();
  });
  return {
    id: 'messaging.ratchet-round-trip',
    label: 'a message each way, each a DH ratchet step',
    runtime: 'node',
    ours,
    baselineLabel: 'the X25519 work it cannot avoid (2 DH + 2 key pairs)',
    baseline,
  };
}

export const messagingArea: Area = {
  name: 'messaging',
  part: 'crypto',
  async run() {
    const suite = await loadRatchetSuite();
    return [sealOpen(suite, 1024, '1 KB'), sealOpen(suite, 1 << 20, '1 MB'), ratchetStep(suite)];
  },
};
