/**
 * Control messages between two devices on a WebRTC data channel: the challenge, proof and
 * authenticated hello that open every mesh channel, heartbeats with cumulative acks, a new name,
 * unpairing, and the pairing handshake. They travel as JSON inside a control frame (frames.ts); binary fields are base64url.
 * Every frame from a peer goes through {@link parseControl} before anything acts on it.
 */
import { normalizeDisplayName } from '../clean-text.ts';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { decodeFrame, intField, isRecord, onlyKeys, reject, type JsonRecord } from './check.ts';

export const MESH_VERSION = 1;
/** Control frames carry small JSON; the hello with a long name stays far below this. */
export const MAX_CONTROL_BYTES = 4096;
/** Sequence numbers, acks and ping counters are unsigned 32-bit on the wire. */
export const MAX_SEQ = 0xffff_ffff;

/** `My device` joins my chain and subminds; `Contact` is another person (messages only). */
export const PAIRING_KINDS = ['device', 'contact'] as const;
export type PairingKind = (typeof PAIRING_KINDS)[number];

/** Why a device refused a mesh channel, sent before it closes it. */
export const MESH_REFUSALS = ['peer-unknown', 'bad-hello'] as const;
export type MeshRefusal = (typeof MESH_REFUSALS)[number];

/** Why a pairing stopped; each has its own message for the person. */
export const PAIR_REFUSALS = [
  'used',
  'expired',
  'bad-proof',
  'mismatch',
  'cancelled',
  'busy',
  /** The person on the inviting device pressed Deny. */
  'denied',
] as const;
export type PairRefusal = (typeof PAIR_REFUSALS)[number];

/** The first message on every mesh channel: a fresh nonce, and nothing about the sender. */
export interface ChallengeMessage {
  readonly t: 'challenge';
  readonly v: number;
  /** 32 random bytes; the other side's proof covers it, so a proof cannot be replayed. */
  readonly nonce: Uint8Array;
}

/**
 * A MAC under a pairing secret over both nonces and both DTLS fingerprints (opening.ts): the
 * sender holds a pairing with the receiver. The dialer proves first; the one dialed answers
 * with its own proof only after checking the dialer's.
 */
export interface ProofMessage {
  readonly t: 'proof';
  readonly mac: Uint8Array;
}

/** Sent only after both proofs: signed over both DTLS fingerprints and both nonces (hello.ts). */
export interface HelloMessage {
  readonly t: 'hello';
  readonly v: number;
  /** ed25519 signing key, 32 bytes. */
  readonly key: Uint8Array;
  readonly name: string;
  /** This page's random session id: a new one means the sender restarted. */
  readonly session: string;
  /** ed25519 signature, 64 bytes. */
  readonly sig: Uint8Array;
}

/**
 * Sent by each side once it has checked the other's hello: where to resume. Messages the other
 * side sent after `recv` are sent again on this channel; everything else was delivered.
 */
export interface ResumeMessage {
  readonly t: 'resume';
  /** The receiver's session id the sender last saw, or '' for none. */
  readonly peerSession: string;
  /** The last message sequence number received in order from `peerSession`. */
  readonly recv: number;
}

/**
 * The sender's new display name, sent at once to every device it has a channel to when its
 * person renames it (a later hello carries it too). It names no device: it can only ever rename
 * the device that proved itself on this channel, so a peer cannot rename another device. Not
 * signed: the channel is already bound to the sender by the signed hello (PROTOCOL.md › Mesh).
 */
export interface NameMessage {
  readonly t: 'name';
  readonly name: string;
}

/** Joiner → inviter: who I am, with a MAC proving I hold the link's secret. */
export interface PairRequest {
  readonly t: 'pair-request';
  readonly v: number;
  readonly key: Uint8Array;
  readonly box: Uint8Array;
  readonly name: string;
  readonly nonce: Uint8Array;
  readonly mac: Uint8Array;
}

/** Inviter → joiner: who I am, signed over the whole transcript. */
export interface PairOffer {
  readonly t: 'pair-offer';
  readonly key: Uint8Array;
  readonly box: Uint8Array;
  readonly name: string;
  readonly kind: PairingKind;
  readonly nonce: Uint8Array;
  readonly sig: Uint8Array;
}

/** Joiner → inviter after the person pressed Pair: signature and secret MAC over the transcript. */
export interface PairConfirm {
  readonly t: 'pair-confirm';
  readonly sig: Uint8Array;
  readonly mac: Uint8Array;
}

export type ControlMessage =
  | ChallengeMessage
  | ProofMessage
  | HelloMessage
  | ResumeMessage
  | { readonly t: 'ping'; readonly n: number; readonly ack: number }
  | { readonly t: 'pong'; readonly n: number; readonly ack: number }
  | { readonly t: 'ack'; readonly seq: number }
  | NameMessage
  | { readonly t: 'unpair' }
  | { readonly t: 'refused'; readonly reason: MeshRefusal }
  | PairRequest
  | PairOffer
  | PairConfirm
  | { readonly t: 'pair-done' }
  | { readonly t: 'pair-refused'; readonly reason: PairRefusal };

const SESSION = /^[a-z2-7]{26}$/;

/**
 * Names are display text, already clean as `normalizeDisplayName` leaves it (1–64 characters;
 * no control, bidi-override, marker or invisible characters). The name is signed (hello,
 * pairing transcript) or is the one a hello would sign (`name`), so it cannot be cleaned here,
 * only refused: every device sends the cleaned form of its own name.
 */
function nameField(value: JsonRecord, what: string): string {
  const name = value['name'];
  if (typeof name !== 'string' || normalizeDisplayName(name) !== name) reject(`${what}: bad name`);
  return name;
}

function oneOf<T extends string>(value: unknown, options: readonly T[], what: string): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) reject(what);
  return value as T;
}

function sessionField(value: JsonRecord, key: string, allowEmpty: boolean, what: string): string {
  const field = value[key];
  if (typeof field !== 'string' || !(SESSION.test(field) || (allowEmpty && field === ''))) {
    reject(`${what}: bad ${key}`);
  }
  return field;
}

const seq = (value: JsonRecord, key: string, what: string): number =>
  intField(value, key, 0, MAX_SEQ, what);

/** The fields each message may carry (besides `t`), checked before any field is read. */
const KEYS: Readonly<Record<ControlMessage['t'], readonly string[]>> = {
  challenge: ['v', 'nonce'],
  proof: ['mac'],
  hello: ['v', 'key', 'name', 'session', 'sig'],
  resume: ['peerSession', 'recv'],
  ping: ['n', 'ack'],
  pong: ['n', 'ack'],
  ack: ['seq'],
  name: ['name'],
  unpair: [],
  refused: ['reason'],
  'pair-request': ['v', 'key', 'box', 'name', 'nonce', 'mac'],
  'pair-offer': ['key', 'box', 'name', 'kind', 'nonce', 'sig'],
  'pair-confirm': ['sig', 'mac'],
  'pair-done': [],
  'pair-refused': ['reason'],
};

function isControlType(value: unknown): value is ControlMessage['t'] {
  return typeof value === 'string' && Object.hasOwn(KEYS, value);
}

function parseRecord(v: JsonRecord): ControlMessage {
  const t = v['t'];
  if (!isControlType(t)) reject('control: unknown message');
  onlyKeys(v, ['t', ...KEYS[t]], t);
  switch (t) {
    case 'challenge':
      return {
        t,
        v: intField(v, 'v', 1, 1000, t),
        nonce: fromBase64Url(v['nonce'], 32, 'challenge nonce'),
      };
    case 'proof':
      return { t, mac: fromBase64Url(v['mac'], 32, 'proof mac') };
    case 'hello':
      return {
        t,
        v: intField(v, 'v', 1, 1000, t),
        key: fromBase64Url(v['key'], 32, 'hello key'),
        name: nameField(v, t),
        session: sessionField(v, 'session', false, t),
        sig: fromBase64Url(v['sig'], 64, 'hello sig'),
      };
    case 'resume':
      return { t, peerSession: sessionField(v, 'peerSession', true, t), recv: seq(v, 'recv', t) };
    case 'ping':
    case 'pong':
      return { t, n: seq(v, 'n', t), ack: seq(v, 'ack', t) };
    case 'ack':
      return { t, seq: seq(v, 'seq', t) };
    case 'name':
      return { t, name: nameField(v, t) };
    case 'unpair':
    case 'pair-done':
      return { t };
    case 'refused':
      return { t, reason: oneOf(v['reason'], MESH_REFUSALS, 'refused: bad reason') };
    case 'pair-refused':
      return { t, reason: oneOf(v['reason'], PAIR_REFUSALS, 'pair-refused: bad reason') };
    case 'pair-request':
      return {
        t,
        v: intField(v, 'v', 1, 1000, t),
        key: fromBase64Url(v['key'], 32, 'request key'),
        box: fromBase64Url(v['box'], 32, 'request box'),
        name: nameField(v, t),
        nonce: fromBase64Url(v['nonce'], 32, 'request nonce'),
        mac: fromBase64Url(v['mac'], 32, 'request mac'),
      };
    case 'pair-offer':
      return {
        t,
        key: fromBase64Url(v['key'], 32, 'offer key'),
        box: fromBase64Url(v['box'], 32, 'offer box'),
        name: nameField(v, t),
        kind: oneOf(v['kind'], PAIRING_KINDS, 'pair-offer: bad kind'),
        nonce: fromBase64Url(v['nonce'], 32, 'offer nonce'),
        sig: fromBase64Url(v['sig'], 64, 'offer sig'),
      };
    case 'pair-confirm':
      return {
        t,
        sig: fromBase64Url(v['sig'], 64, 'confirm sig'),
        mac: fromBase64Url(v['mac'], 32, 'confirm mac'),
      };
  }
}

/**
 * Decodes and validates one control message (the JSON text inside a control frame).
 *
 * @throws KianaError `bad-message` (the reason says which rule failed)
 */
export function parseControl(text: string): ControlMessage {
  const value = decodeFrame(text, MAX_CONTROL_BYTES);
  if (!isRecord(value)) reject('control: not an object');
  return parseRecord(value);
}

/** The JSON text of a control message; binary fields become base64url. */
export function encodeControl(message: ControlMessage): string {
  return JSON.stringify(message, (_key, value: unknown) =>
    value instanceof Uint8Array ? toBase64Url(value) : value,
  );
}
