/**
 * What the proofs that open a mesh channel cover: both challenge nonces and both DTLS
 * fingerprints, in dialer-then-dialed order, under the sender's role. The role keeps the
 * dialed side from reflecting the dialer's own proof back to it; the fingerprints make a relay
 * that terminates DTLS on each side fail here, before anyone's name or key crosses.
 */
import { lengthPrefixed } from '../pairing/transcript.ts';

/** One end of a channel: its DTLS fingerprint and the nonce of its challenge. */
export interface ChannelEnd {
  readonly fingerprint: string;
  readonly nonce: Uint8Array;
}

/** A channel as one side sees it. */
export interface ChannelView {
  readonly local: ChannelEnd;
  readonly remote: ChannelEnd;
}

/** Who sends a proof: the side that dialed proves first, the side dialed answers. */
export type ProofRole = 'dialer' | 'dialed';

/** The bytes `role`'s proof MACs, from `view` (this side's view) where `weDialed` says. */
export function proofBytes(role: ProofRole, view: ChannelView, weDialed: boolean): Uint8Array {
  const [dialer, dialed] = weDialed ? [view.local, view.remote] : [view.remote, view.local];
  return lengthPrefixed([
    'kiana/mesh/proof/v1',
    role,
    dialer.fingerprint,
    dialed.fingerprint,
    dialer.nonce,
    dialed.nonce,
  ]);
}
