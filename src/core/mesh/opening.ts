/**
 * The first steps on every mesh channel, before anyone says who they are (sans I/O). Anyone who
 * knows a device's transport address can open a channel to it (the companion, a LAN host posing
 * as one), so nothing that names a device may cross until the other side has shown that it holds
 * a pairing with it:
 *
 * 1. both send `challenge {nonce}`: 32 random bytes, nothing else;
 * 2. the dialer, which found the peer under one pairing's rendezvous token and so knows which
 *    secret they share, sends `proof {mac}` under that secret;
 * 3. the side dialed tries the MAC under every pairing secret (and every tombstone's) it holds;
 *    none fits → it closes without a word; one fits → it sends its own `proof` under that secret;
 * 4. the dialer checks that proof; only then do hellos (hello.ts) or `unpair` follow.
 *
 * Both proofs cover both nonces and both DTLS fingerprints (opening-bytes.ts), so a proof can be
 * neither replayed nor carried through a relay that terminates DTLS.
 */
import type { Exchange } from '../crypto/exchange.ts';
import type { Primitives } from '../crypto/primitives.ts';
import type { DeviceId } from '@kiana/shared/ids';
import type { ChallengeMessage, ControlMessage, ProofMessage } from '@kiana/shared/protocol/mesh';
import { MESH_VERSION } from '@kiana/shared/protocol/mesh';
import type { ChannelBinding } from '../pairing/types.ts';
import { proofBytes, type ChannelView, type ProofRole } from './opening-bytes.ts';

/** A secret this device shares with `deviceId`: a live pairing, or a tombstone of a removed one. */
export interface OpeningCandidate {
  readonly deviceId: DeviceId;
  readonly secret: Uint8Array;
  /** True for a pairing removed here while the device was away: it is told `unpair`. */
  readonly removed: boolean;
}

export interface OpeningCrypto {
  readonly primitives: Primitives;
  readonly exchange: Exchange;
}

/** What the mesh does after a message: send `send` first, then act on `step`. */
export interface OpeningResult {
  readonly send: readonly ControlMessage[];
  readonly step:
    | { readonly kind: 'wait' }
    /** No pairing fits the peer's proof: close without a word. */
    | { readonly kind: 'stranger' }
    /** Both proofs hold: the peer holds the pairing `candidate`; hellos follow. */
    | { readonly kind: 'proven'; readonly candidate: OpeningCandidate }
    | { readonly kind: 'error'; readonly why: string };
}

const wait = { kind: 'wait' } as const;

export class Opening {
  /** Our first message on the channel. */
  readonly challenge: ChallengeMessage;
  readonly #c: OpeningCrypto;
  readonly #dialed: boolean;
  readonly #binding: ChannelBinding;
  readonly #candidates: () => readonly OpeningCandidate[];
  /** The dialer's pick: the pairing whose token led it to this peer. */
  readonly #pick: OpeningCandidate | undefined;
  #theirNonce: Uint8Array | undefined;
  #proven: OpeningCandidate | undefined;

  /**
   * @param dialed true on the side that dialed; it must then name the pairing (`pick`) whose
   *   rendezvous token led it to the peer
   * @param candidates every secret the side dialed may be proven under (pairings, tombstones)
   */
  constructor(
    c: OpeningCrypto,
    dialed: boolean,
    binding: ChannelBinding,
    candidates: () => readonly OpeningCandidate[],
    pick?: OpeningCandidate,
  ) {
    this.#c = c;
    this.#dialed = dialed;
    this.#binding = binding;
    this.#candidates = candidates;
    this.#pick = pick;
    this.challenge = { t: 'challenge', v: MESH_VERSION, nonce: c.primitives.randomBytes(32) };
  }

  /** The pairing the peer proved, once both proofs held. */
  get proven(): OpeningCandidate | undefined {
    return this.#proven;
  }

  /** Both nonces and fingerprints as this side sees them (for the hello), once challenged. */
  get view(): ChannelView {
    return {
      local: { fingerprint: this.#binding.local, nonce: this.challenge.nonce },
      remote: { fingerprint: this.#binding.remote, nonce: this.#theirNonce ?? new Uint8Array() },
    };
  }

  /** Takes the peer's next message before the hello. */
  receive(message: ControlMessage): OpeningResult {
    if (this.#theirNonce === undefined) {
      if (message.t !== 'challenge') return this.#error('first message is not a challenge');
      this.#theirNonce = message.nonce;
      if (!this.#dialed) return { send: [], step: wait };
      if (this.#pick === undefined) return this.#error('dialed without a pairing');
      return { send: [this.#proof(this.#pick.secret, 'dialer')], step: wait };
    }
    if (message.t !== 'proof') return this.#error(`${message.t} before the proofs`);
    if (this.#dialed) {
      const pick = this.#pick;
      if (pick === undefined || !this.#fits(pick.secret, 'dialed', message)) {
        return { send: [], step: { kind: 'stranger' } };
      }
      this.#proven = pick;
      return { send: [], step: { kind: 'proven', candidate: pick } };
    }
    const match = this.#candidates().find((c) => this.#fits(c.secret, 'dialer', message));
    if (match === undefined) return { send: [], step: { kind: 'stranger' } };
    this.#proven = match;
    return {
      send: [this.#proof(match.secret, 'dialed')],
      step: { kind: 'proven', candidate: match },
    };
  }

  #proof(secret: Uint8Array, role: ProofRole): ProofMessage {
    return {
      t: 'proof',
      mac: this.#c.exchange.mac(secret, proofBytes(role, this.view, this.#dialed)),
    };
  }

  #fits(secret: Uint8Array, role: ProofRole, proof: ProofMessage): boolean {
    const x = this.#c.exchange;
    return x.equal(x.mac(secret, proofBytes(role, this.view, this.#dialed)), proof.mac);
  }

  #error(why: string): OpeningResult {
    return { send: [], step: { kind: 'error', why } };
  }
}
