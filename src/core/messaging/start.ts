/**
 * What `messages.start` needs from a pairing: the first ratchet state (startSession) as bytes, and
 * a name for the pairing that reveals nothing of its secret, so the store can tell a re-pairing
 * (new secret, new session) from the same pairing seen again.
 */
import { toHex, utf8 } from '../chain/bytes.ts';
import { startSession, type Parties } from '../crypto/ratchet/session.ts';
import { encodeRatchetState } from '../crypto/ratchet/state-codec.ts';
import type { RatchetSuite } from '../crypto/ratchet/suite.ts';

export function sessionStart(
  suite: RatchetSuite,
  parties: Parties,
): { pairing: string; state: Uint8Array } {
  return {
    pairing: toHex(suite.hmac(parties.pairingSecret, utf8('kiana/msg/pairing-id/v1'))),
    state: encodeRatchetState(startSession(suite, parties)),
  };
}
