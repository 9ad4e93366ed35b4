/**
 * The PeerJS server protocol as the unmodified `peerjs` client (1.5.x) speaks it: JSON text
 * frames over `ws(s)://host:port/<path>/peerjs?key=&id=&token=&version=`. The client sends
 * HEARTBEAT and the relayed types with a `dst`; the server adds `src` when it forwards them, and
 * answers the connection with OPEN, or ERROR / ID-TAKEN / INVALID-KEY before closing it.
 */
import { isRecord, onlyKeys, reject, stringField, type JsonRecord } from './check.ts';

/** Where the companion mounts signalling; the client is created with `path: '/peerjs'`. */
export const PEERJS_PATH = '/peerjs';
/** PeerJS's default API key; the companion accepts only this one. */
export const PEERJS_KEY = 'peerjs';
/** SDP offers with many candidates stay well below this. */
export const PEERJS_MAX_FRAME_BYTES = 64 * 1024;

/** Message types a client may send that the server relays to `dst`. */
export const RELAYED_TYPES = ['OFFER', 'ANSWER', 'CANDIDATE', 'LEAVE', 'EXPIRE'] as const;
export type RelayedType = (typeof RELAYED_TYPES)[number];

/** A frame from a PeerJS client after validation. */
export type PeerjsClientMessage =
  | { readonly type: 'HEARTBEAT' }
  | { readonly type: RelayedType; readonly dst: string; readonly payload?: JsonRecord };

/** A relayed frame as the destination client receives it. */
export interface RelayedSignal {
  readonly type: RelayedType;
  readonly src: string;
  readonly dst: string;
  readonly payload?: JsonRecord;
}

/** A frame the server sends to a PeerJS client. */
export type PeerjsServerMessage =
  | { readonly type: 'OPEN' }
  | { readonly type: 'ERROR' | 'ID-TAKEN' | 'INVALID-KEY'; readonly payload: { msg: string } }
  | RelayedSignal;

/**
 * PeerJS's own id rule (`util.validateId`), bounded in length: alphanumeric words joined by single
 * spaces, underscores or dashes.
 */
const PEER_ID = /^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$/;
/** The client's `token` authenticates a reconnection under the same id. */
const PEER_TOKEN = /^[A-Za-z0-9_-]{1,128}$/;

/** True when `value` is an id the PeerJS client would accept, at most 64 characters. */
export function isPeerId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && PEER_ID.test(value);
}

/** True when `value` has the shape of a PeerJS connection token. */
export function isPeerToken(value: unknown): value is string {
  return typeof value === 'string' && PEER_TOKEN.test(value);
}

function isRelayedType(value: unknown): value is RelayedType {
  return typeof value === 'string' && (RELAYED_TYPES as readonly string[]).includes(value);
}

/**
 * Validates a decoded frame from a PeerJS client. Unknown fields are dropped by construction:
 * only `type`, `dst` and `payload` survive, so a client cannot smuggle a forged `src`.
 *
 * @throws KianaError `bad-message` for any other shape
 */
export function parsePeerjsClientMessage(value: unknown): PeerjsClientMessage {
  if (!isRecord(value)) reject('peerjs: not an object');
  const { type } = value;
  if (type === 'HEARTBEAT') return { type };
  if (!isRelayedType(type)) reject('peerjs: unknown type');
  const dst = value['dst'];
  if (!isPeerId(dst)) reject('peerjs: bad dst');
  const payload = value['payload'];
  if (payload === undefined) return { type, dst };
  if (!isRecord(payload)) reject('peerjs: payload is not an object');
  return { type, dst, payload };
}

/**
 * Validates a relayed signal arriving from another companion (same shape as what a client
 * receives, with `src` set by the companion the sender is connected to).
 *
 * @throws KianaError `bad-message` for any other shape
 */
export function parseRelayedSignal(value: unknown): RelayedSignal {
  if (!isRecord(value)) reject('signal: not an object');
  onlyKeys(value, ['type', 'src', 'dst', 'payload'], 'signal');
  const { type, payload } = value;
  if (!isRelayedType(type)) reject('signal: unknown type');
  const src = stringField(value, 'src', PEER_ID, 'signal');
  const dst = stringField(value, 'dst', PEER_ID, 'signal');
  if (!isPeerId(src) || !isPeerId(dst)) reject('signal: bad peer id');
  if (payload === undefined) return { type, src, dst };
  if (!isRecord(payload)) reject('signal: payload is not an object');
  return { type, src, dst, payload };
}
