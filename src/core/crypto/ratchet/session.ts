/**
 * The Double Ratchet (Signal's specification, revision 1) between two paired devices, over plain,
 * serialisable state. Every call takes the state and returns the next one; a message that fails
 * leaves the state as it was, so a tampered or foreign message cannot break a conversation.
 *
 * Initialisation (docs/PROTOCOL.md, "Messages"): both devices derive the same secret from the
 * pairing (`sessionSecret`). The device with the lower id plays Signal's "Alice": it starts with
 * a fresh ratchet key against the other's long-term X25519 box key. The other, "Bob", starts with
 * its box key as ratchet key, like a signed prekey. So that Bob can write first too (the other
 * device may be asleep for a day), Bob also gets a first sending chain from the shared secret: its
 * messages until it hears from Alice have forward secrecy (the chain key moves on and old keys are
 * erased) but not yet post-compromise security, which starts with the first reply.
 */
import { KianaError } from '@kiana/shared/errors';
import { toHex, utf8 } from '../../chain/bytes.ts';
import { HEADER_BYTES, NONCE_BYTES, encodeHeader, splitMessage, type Header } from './header.ts';
import { hkdf, kdfChain, kdfRoot } from './kdf.ts';
import type { RatchetSuite } from './suite.ts';

/** Most message keys one step may skip (messages lost or still on the way). */
export const MAX_SKIP = 1000;
/** Most skipped keys kept at all; the oldest go first. */
export const MAX_SKIPPED_KEYS = 2000;

interface KeyPair {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

/** A skipped message key: for message `n` of the chain of ratchet key `dh` (hex). */
interface Skipped {
  readonly dh: string;
  readonly n: number;
  readonly key: Uint8Array;
}

export interface RatchetState {
  readonly dhs: KeyPair;
  readonly dhr: Uint8Array | null;
  readonly rootKey: Uint8Array;
  readonly sendKey: Uint8Array | null;
  readonly recvKey: Uint8Array | null;
  readonly ns: number;
  readonly nr: number;
  readonly pn: number;
  readonly skipped: readonly Skipped[];
  /** Bound into every message's associated data: both devices' box keys. */
  readonly ad: Uint8Array;
}

/** The two parties as the pairing knows them. */
export interface Parties {
  readonly me: {
    readonly deviceId: string;
    readonly boxPublicKey: Uint8Array;
    readonly boxSecretKey: Uint8Array;
  };
  readonly peer: { readonly deviceId: string; readonly boxKey: Uint8Array };
  /** The pairing's 32-byte secret, known only to the two devices. */
  readonly pairingSecret: Uint8Array;
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** The secret both devices derive from their pairing: HKDF(pairing secret, X25519 of box keys). */
export function sessionSecret(suite: RatchetSuite, p: Parties): Uint8Array {
  const [low, high] = [p.me.deviceId, p.peer.deviceId].sort();
  const dh = suite.dh(p.me.boxSecretKey, p.peer.boxKey);
  const sk = hkdf(suite, p.pairingSecret, dh, `kiana/ratchet/init/v1/${low}/${high}`, 32);
  suite.erase(dh);
  return sk;
}

/** Starts this device's side of the conversation with `p.peer`. */
export function startSession(suite: RatchetSuite, p: Parties): RatchetState {
  const alice = p.me.deviceId < p.peer.deviceId;
  const sk = sessionSecret(suite, p);
  const [aliceKey, bobKey] = alice
    ? [p.me.boxPublicKey, p.peer.boxKey]
    : [p.peer.boxKey, p.me.boxPublicKey];
  const ad = concat(utf8('kiana/msg/v1'), aliceKey, bobKey);
  // Bob's first sending chain, which Alice reads until Bob's first reply carries a new key.
  const bobFirst = hkdf(suite, sk, new Uint8Array(0), 'kiana/ratchet/bob-first/v1', 32);
  if (alice) {
    const dhs = suite.keyPair();
    const dhOut = suite.dh(dhs.secretKey, p.peer.boxKey);
    const { rootKey, chainKey } = kdfRoot(suite, sk, dhOut);
    suite.erase(dhOut);
    suite.erase(sk);
    return {
      dhs,
      dhr: p.peer.boxKey,
      rootKey,
      sendKey: chainKey,
      recvKey: bobFirst,
      ns: 0,
      nr: 0,
      pn: 0,
      skipped: [],
      ad,
    };
  }
  const dhs = { publicKey: p.me.boxPublicKey, secretKey: p.me.boxSecretKey };
  return {
    dhs,
    dhr: null,
    rootKey: sk,
    sendKey: bobFirst,
    recvKey: null,
    ns: 0,
    nr: 0,
    pn: 0,
    skipped: [],
    ad,
  };
}

/** Encrypts `plaintext`; returns the message bytes and the next state. */
export function encrypt(
  suite: RatchetSuite,
  state: RatchetState,
  plaintext: Uint8Array,
): { message: Uint8Array; state: RatchetState } {
  if (!state.sendKey) throw new KianaError('internal', 'ratchet: no sending chain');
  const { chainKey, messageKey } = kdfChain(suite, state.sendKey);
  const header = encodeHeader({ dh: state.dhs.publicKey, pn: state.pn, n: state.ns });
  const nonce = suite.randomBytes(NONCE_BYTES);
  const sealed = suite.seal(messageKey, nonce, plaintext, concat(state.ad, header));
  suite.erase(messageKey);
  suite.erase(state.sendKey);
  return {
    message: concat(header, nonce, sealed),
    state: { ...state, sendKey: chainKey, ns: state.ns + 1 },
  };
}

/**
 * Decrypts a message: from a skipped key, the current receiving chain, or after a DH ratchet
 * step. `message-rejected` when it does not open (tampered, foreign, or too far ahead);
 * `message-replayed` when its key was already used. Either way the state is unchanged.
 */
export function decrypt(
  suite: RatchetSuite,
  state: RatchetState,
  message: Uint8Array,
): { plaintext: Uint8Array; state: RatchetState } {
  const { raw, header, nonce, sealed } = splitMessage(message);
  const ad = concat(state.ad, raw);
  const id = toHex(header.dh);
  const found = state.skipped.find((s) => s.dh === id && s.n === header.n);
  if (found) {
    const plaintext = openOrReject(suite, found.key, nonce, sealed, ad);
    suite.erase(found.key);
    return { plaintext, state: { ...state, skipped: state.skipped.filter((s) => s !== found) } };
  }
  let next = state;
  const work: Uint8Array[] = [];
  if (next.dhr === null || toHex(next.dhr) !== id) {
    next = skip(suite, next, header.pn);
    next = ratchetStep(suite, next, header, work);
  } else if (header.n < next.nr) {
    throw new KianaError('message-replayed', 'ratchet: this message key was already used');
  }
  next = skip(suite, next, header.n);
  const recvKey = next.recvKey;
  if (recvKey === null) throw new KianaError('message-rejected', 'ratchet: no receiving chain');
  const { chainKey, messageKey } = kdfChain(suite, recvKey);
  try {
    const plaintext = openOrReject(suite, messageKey, nonce, sealed, ad);
    for (const key of [...work, recvKey]) suite.erase(key);
    return { plaintext, state: { ...next, recvKey: chainKey, nr: next.nr + 1 } };
  } finally {
    suite.erase(messageKey);
  }
}

function openOrReject(
  suite: RatchetSuite,
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  ad: Uint8Array,
): Uint8Array {
  const plaintext = suite.open(key, nonce, sealed, ad);
  if (!plaintext) throw new KianaError('message-rejected', 'ratchet: the message does not open');
  return plaintext;
}

/** Keeps the keys of messages `nr..until-1` of the receiving chain for when they arrive. */
function skip(suite: RatchetSuite, state: RatchetState, until: number): RatchetState {
  if (state.recvKey === null || until <= state.nr) return state;
  if (until - state.nr > MAX_SKIP) {
    throw new KianaError('message-rejected', `ratchet: more than ${MAX_SKIP} messages skipped`);
  }
  const dh = state.dhr === null ? '' : toHex(state.dhr);
  const added: Skipped[] = [];
  let chain = state.recvKey;
  for (let n = state.nr; n < until; n++) {
    const step = kdfChain(suite, chain);
    added.push({ dh, n, key: step.messageKey });
    chain = step.chainKey;
  }
  const skipped = [...state.skipped, ...added];
  for (const dropped of skipped.splice(0, Math.max(0, skipped.length - MAX_SKIPPED_KEYS))) {
    suite.erase(dropped.key);
  }
  return { ...state, recvKey: chain, nr: until, skipped };
}

/** The DH ratchet: the peer has a new ratchet key; derive its chain, then a new one of ours. */
function ratchetStep(
  suite: RatchetSuite,
  state: RatchetState,
  header: Header,
  work: Uint8Array[],
): RatchetState {
  const recvOut = suite.dh(state.dhs.secretKey, header.dh);
  const recv = kdfRoot(suite, state.rootKey, recvOut);
  const dhs = suite.keyPair();
  const sendOut = suite.dh(dhs.secretKey, header.dh);
  const send = kdfRoot(suite, recv.rootKey, sendOut);
  work.push(recvOut, sendOut, recv.rootKey);
  return {
    ...state,
    dhs,
    dhr: header.dh,
    rootKey: send.rootKey,
    recvKey: recv.chainKey,
    sendKey: send.chainKey,
    pn: state.ns,
    ns: 0,
    nr: 0,
  };
}

export { HEADER_BYTES };
