/**
 * The pairing handshake, sans I/O: the joiner (who opened the link) and the inviter (who made it)
 * exchange three messages over a fresh WebRTC data channel.
 *
 * 1. joiner → `pair-request`: its keys, name, a nonce, and a MAC under the link secret over those
 *    and both DTLS fingerprints. The inviter answers only someone who holds the secret, and only
 *    while the invite is fresh and unused.
 * 2. inviter → `pair-offer`: its keys, name, the pairing kind, a nonce, and a signature over the
 *    transcript (both parties and both DTLS fingerprints). The joiner checks that the key hashes
 *    to the fingerprint in the link and that the signature covers the fingerprints it sees, then
 *    asks the person: "Pair with <name>?" beside the SAS words. The inviter's screen asks too:
 *    "Allow <name>?" beside the same words.
 * 3. joiner → `pair-confirm`: its signature over the transcript and a MAC under the link secret.
 *    The inviter checks both and, only once its own person pressed Allow as well, marks the
 *    invite used, stores the pairing and answers `pair-done`. A leaked link alone (a screenshot,
 *    a QR code seen over a shoulder) therefore pairs nobody.
 *
 * A companion relaying signalling could terminate DTLS on each side, but then each side sees a
 * different fingerprint pair, so a signature fails and the SAS words differ. Both sides derive the
 * pairing secret from X25519 of their box keys, keyed by the link secret and bound to the
 * transcript; it never crosses the wire.
 */
import type { Exchange } from '../crypto/exchange.ts';
import type { Primitives } from '../crypto/primitives.ts';
import { KianaError, type ErrorCode } from '@kiana/shared/errors';
import type { DeviceId } from '@kiana/shared/ids';
import {
  MESH_VERSION,
  type PairConfirm,
  type PairOffer,
  type PairRefusal,
  type PairRequest,
  type PairingKind,
} from '@kiana/shared/protocol/mesh';
import { sasWords } from './sas.ts';
import { labelled, requestBytes, transcriptBytes, type TranscriptParty } from './transcript.ts';
import type { ChannelBinding, LocalParty, Pairing } from './types.ts';

export interface HandshakeCrypto {
  readonly primitives: Primitives;
  readonly exchange: Exchange;
}

/** The other device as the person sees it before confirming. */
export interface PeerPreview {
  readonly deviceId: DeviceId;
  readonly name: string;
  readonly kind: PairingKind;
  readonly sas: readonly string[];
}

/** The error code the person sees for a refusal the other side sent. */
export function refusalCode(reason: PairRefusal): ErrorCode {
  switch (reason) {
    case 'used':
      return 'pairing-used';
    case 'expired':
      return 'pairing-expired';
    case 'mismatch':
      return 'pairing-mismatch';
    case 'denied':
      return 'pairing-denied';
    default:
      return 'pairing-refused';
  }
}

function fail(code: ErrorCode, message: string): never {
  throw new KianaError(code, message);
}

function party(me: LocalParty, nonce: Uint8Array, fingerprint: string): TranscriptParty {
  return {
    signKey: me.signPublicKey,
    boxKey: me.boxPublicKey,
    name: me.name,
    nonce,
    fingerprint,
  };
}

function deriveSecret(
  c: HandshakeCrypto,
  linkSecret: Uint8Array,
  me: LocalParty,
  theirBox: Uint8Array,
  hash: Uint8Array,
): Uint8Array {
  let shared: Uint8Array;
  try {
    shared = c.exchange.dh(me.boxSecretKey, theirBox);
  } catch {
    // libsodium refuses low-order points: a peer sent a key that would give an all-zero secret.
    return fail('pairing-refused', 'the other device sent an unusable key');
  }
  return c.exchange.mac(
    linkSecret,
    labelled('secret', c.primitives.sha256(new Uint8Array([...shared, ...hash]))),
  );
}

/** The side that opened the link. */
export class JoinerHandshake {
  readonly #c: HandshakeCrypto;
  readonly #me: LocalParty;
  readonly #secret: Uint8Array;
  readonly #fingerprint: DeviceId;
  readonly #binding: ChannelBinding;
  readonly #nonce: Uint8Array;
  #offer: PairOffer | undefined;
  #hash: Uint8Array | undefined;

  constructor(
    c: HandshakeCrypto,
    me: LocalParty,
    invite: { readonly secret: Uint8Array; readonly fingerprint: DeviceId },
    binding: ChannelBinding,
  ) {
    this.#c = c;
    this.#me = me;
    this.#secret = invite.secret;
    this.#fingerprint = invite.fingerprint;
    this.#binding = binding;
    this.#nonce = c.primitives.randomBytes(32);
  }

  /** The first message. */
  request(): PairRequest {
    const me = party(this.#me, this.#nonce, this.#binding.local);
    return {
      t: 'pair-request',
      v: MESH_VERSION,
      key: me.signKey,
      box: me.boxKey,
      name: me.name,
      nonce: this.#nonce,
      mac: this.#c.exchange.mac(this.#secret, requestBytes(me, this.#binding.remote)),
    };
  }

  /**
   * Checks the inviter's offer and returns what the person must confirm.
   *
   * @throws KianaError `pairing-mismatch` when the inviter's key is not the one the link names,
   *   or its signature does not cover this channel
   */
  receiveOffer(offer: PairOffer): PeerPreview {
    const { primitives: p } = this.#c;
    const deviceId = p.deviceIdOf(offer.key);
    if (deviceId !== this.#fingerprint) {
      fail('pairing-mismatch', 'the inviter’s key does not match the link’s fingerprint');
    }
    const inviter: TranscriptParty = {
      signKey: offer.key,
      boxKey: offer.box,
      name: offer.name,
      nonce: offer.nonce,
      fingerprint: this.#binding.remote,
    };
    const me = party(this.#me, this.#nonce, this.#binding.local);
    const hash = p.sha256(transcriptBytes(offer.kind, inviter, me));
    if (!p.verify(offer.key, labelled('offer', hash), offer.sig)) {
      fail('pairing-mismatch', 'the offer’s signature does not cover this connection');
    }
    this.#offer = offer;
    this.#hash = hash;
    return {
      deviceId,
      name: offer.name,
      kind: offer.kind,
      sas: sasWords(hash, (b) => p.sha256(b)),
    };
  }

  /** After the person pressed Pair: the confirmation to send and the pairing to keep. */
  confirm(now: number): { message: PairConfirm; pairing: Pairing } {
    const offer = this.#offer;
    const hash = this.#hash;
    if (offer === undefined || hash === undefined) fail('internal', 'confirm before an offer');
    const { primitives: p, exchange: x } = this.#c;
    const message: PairConfirm = {
      t: 'pair-confirm',
      sig: p.sign(this.#me.signSecretKey, labelled('confirm', hash)),
      mac: x.mac(this.#secret, labelled('confirm', hash)),
    };
    const pairing: Pairing = {
      deviceId: p.deviceIdOf(offer.key),
      signKey: offer.key,
      boxKey: offer.box,
      name: offer.name,
      kind: offer.kind,
      secret: deriveSecret(this.#c, this.#secret, this.#me, offer.box, hash),
      pairedAt: now,
    };
    return { message, pairing };
  }
}

/** Whether an invite may still be used; null when it may. */
export type InviteCheck = () => PairRefusal | null;

/** The side that made the link; one instance per incoming channel. */
export class InviterHandshake {
  readonly #c: HandshakeCrypto;
  readonly #me: LocalParty;
  readonly #secret: Uint8Array;
  readonly #kind: PairingKind;
  readonly #binding: ChannelBinding;
  readonly #check: InviteCheck;
  readonly #nonce: Uint8Array;
  #request: PairRequest | undefined;
  #hash: Uint8Array | undefined;
  #allowed = false;

  constructor(
    c: HandshakeCrypto,
    me: LocalParty,
    invite: { readonly secret: Uint8Array; readonly kind: PairingKind },
    binding: ChannelBinding,
    check: InviteCheck,
  ) {
    this.#c = c;
    this.#me = me;
    this.#secret = invite.secret;
    this.#kind = invite.kind;
    this.#binding = binding;
    this.#check = check;
    this.#nonce = c.primitives.randomBytes(32);
  }

  /**
   * Answers a request: an offer and the joiner's preview, or a refusal. The MAC is checked
   * first, so someone without the link (the companion, which sees only tokens) learns nothing,
   * not even whether the invite was used.
   */
  receiveRequest(
    request: PairRequest,
  ): { ok: true; offer: PairOffer; joiner: PeerPreview } | { ok: false; reason: PairRefusal } {
    const { primitives: p, exchange: x } = this.#c;
    const joiner: TranscriptParty = {
      signKey: request.key,
      boxKey: request.box,
      name: request.name,
      nonce: request.nonce,
      fingerprint: this.#binding.remote,
    };
    const expected = x.mac(this.#secret, requestBytes(joiner, this.#binding.local));
    if (!x.equal(expected, request.mac)) return { ok: false, reason: 'bad-proof' };
    const refusal = this.#check();
    if (refusal !== null) return { ok: false, reason: refusal };
    const me = party(this.#me, this.#nonce, this.#binding.local);
    const hash = p.sha256(transcriptBytes(this.#kind, me, joiner));
    this.#request = request;
    this.#hash = hash;
    const offer: PairOffer = {
      t: 'pair-offer',
      key: me.signKey,
      box: me.boxKey,
      name: me.name,
      kind: this.#kind,
      nonce: this.#nonce,
      sig: p.sign(this.#me.signSecretKey, labelled('offer', hash)),
    };
    const preview: PeerPreview = {
      deviceId: p.deviceIdOf(request.key),
      name: request.name,
      kind: this.#kind,
      sas: sasWords(hash, (b) => p.sha256(b)),
    };
    return { ok: true, offer, joiner: preview };
  }

  /** The person on this device compared the words and pressed Allow. */
  allow(): void {
    this.#allowed = true;
  }

  /**
   * Checks the joiner's confirmation; yields the pairing only if this side's person pressed
   * Allow too ({@link allow}). On success the caller marks the invite used before it stores the
   * pairing and sends `pair-done`.
   */
  receiveConfirm(
    confirm: PairConfirm,
    now: number,
  ): { ok: true; pairing: Pairing } | { ok: false; reason: PairRefusal } {
    const request = this.#request;
    const hash = this.#hash;
    if (request === undefined || hash === undefined) return { ok: false, reason: 'bad-proof' };
    const { primitives: p, exchange: x } = this.#c;
    const macOk = x.equal(x.mac(this.#secret, labelled('confirm', hash)), confirm.mac);
    if (!macOk || !p.verify(request.key, labelled('confirm', hash), confirm.sig)) {
      return { ok: false, reason: 'bad-proof' };
    }
    // The joiner's Pair alone is not enough: whoever holds a leaked link could press it.
    if (!this.#allowed) return { ok: false, reason: 'denied' };
    // Checked again: another joiner may have completed in the meantime, or time ran out.
    const refusal = this.#check();
    if (refusal !== null) return { ok: false, reason: refusal };
    return {
      ok: true,
      pairing: {
        deviceId: p.deviceIdOf(request.key),
        signKey: request.key,
        boxKey: request.box,
        name: request.name,
        kind: this.#kind,
        secret: deriveSecret(this.#c, this.#secret, this.#me, request.box, hash),
        pairedAt: now,
      },
    };
  }
}
