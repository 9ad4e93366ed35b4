/**
 * The private LAN directory between a browser and its companion (WebSocket at
 * {@link DIRECTORY_PATH}). A browser announces its PeerJS id together with opaque rendezvous
 * tokens; the companion answers with every peer, on any companion of the LAN, that announced one
 * of the same tokens. Nothing here names a device: ids are per-session PeerJS ids and tokens
 * rotate (see rendezvous.ts).
 */
import {
  arrayField,
  decodeFrame,
  intField,
  isRecord,
  onlyKeys,
  reject,
  stringField,
  type JsonRecord,
} from './check.ts';
import { isPeerId, isPeerToken } from './peerjs.ts';
import { parseRendezvousToken, type RendezvousToken } from './rendezvous.ts';

export const DIRECTORY_PATH = '/directory';
/** Tokens per announcement: 2 per pairing secret (rendezvous.ts), so up to 32 paired devices. */
export const MAX_TOKENS = 64;
/** Matches in one `present` message; more would mean a flood, not a household. */
export const MAX_MATCHES = 1024;
export const DIRECTORY_MAX_FRAME_BYTES = 16 * 1024;

/** Companion ids: 128 random bits as 26 lowercase base32 characters. */
export const COMPANION_ID = /^[a-z2-7]{26}$/;

/** Why a companion refused a frame or a connection; sent to the client and logged. */
export const REFUSAL_REASONS = [
  'malformed',
  'oversized',
  'rate-limited',
  'too-many-connections',
  'unknown-peer',
  'directory-full',
  'unknown-companion',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** One ICE server as RTCPeerConnection takes it; the companion offers only its own STUN. */
export interface IceServer {
  readonly urls: readonly string[];
}

/** Browser → companion. */
export type DirectoryClientMessage =
  | {
      readonly t: 'announce';
      /** The announcer's PeerJS id on this companion. */
      readonly peer: string;
      /** The PeerJS `token` of that id: proves the announcer owns the id. */
      readonly key: string;
      readonly tokens: readonly RendezvousToken[];
    }
  | { readonly t: 'withdraw' };

/** One peer that announced one of the asker's tokens. */
export interface DirectoryMatch {
  readonly token: RendezvousToken;
  readonly peer: string;
  /** The companion the peer is connected to (opaque; equal to `welcome.companion` if local). */
  readonly companion: string;
}

/** Companion → browser. */
export type DirectoryServerMessage =
  | {
      readonly t: 'welcome';
      readonly companion: string;
      /** Entries live this long after each announcement; re-announce well before. */
      readonly ttlMs: number;
      readonly iceServers: readonly IceServer[];
    }
  | { readonly t: 'present'; readonly matches: readonly DirectoryMatch[] }
  | { readonly t: 'refused'; readonly reason: RefusalReason };

const ICE_URL = /^stuns?:[A-Za-z0-9.:[\]-]{1,100}$/;

function parseIceServer(value: unknown): IceServer {
  if (!isRecord(value)) reject('ice server: not an object');
  onlyKeys(value, ['urls'], 'ice server');
  const urls = arrayField(
    value,
    'urls',
    16,
    (url) => {
      if (typeof url !== 'string' || !ICE_URL.test(url)) reject('ice server: bad url');
      return url;
    },
    'ice server',
  );
  return { urls };
}

function parseMatch(value: unknown): DirectoryMatch {
  if (!isRecord(value)) reject('match: not an object');
  onlyKeys(value, ['token', 'peer', 'companion'], 'match');
  const peer = value['peer'];
  if (!isPeerId(peer)) reject('match: bad peer');
  return {
    token: parseRendezvousToken(value['token']),
    peer,
    companion: stringField(value, 'companion', COMPANION_ID, 'match'),
  };
}

function isRefusalReason(value: unknown): value is RefusalReason {
  return typeof value === 'string' && (REFUSAL_REASONS as readonly string[]).includes(value);
}

function parseAnnounce(value: JsonRecord): DirectoryClientMessage {
  onlyKeys(value, ['t', 'peer', 'key', 'tokens'], 'announce');
  const { peer, key } = value;
  if (!isPeerId(peer)) reject('announce: bad peer');
  if (!isPeerToken(key)) reject('announce: bad key');
  const tokens = arrayField(value, 'tokens', MAX_TOKENS, parseRendezvousToken, 'announce');
  return { t: 'announce', peer, key, tokens: [...new Set(tokens)] };
}

/**
 * Decodes and validates one text frame from a browser.
 *
 * @throws KianaError `bad-message` (the reason says which rule failed)
 */
export function parseDirectoryClientMessage(text: string): DirectoryClientMessage {
  const value = decodeFrame(text, DIRECTORY_MAX_FRAME_BYTES);
  if (!isRecord(value)) reject('directory: not an object');
  if (value['t'] === 'announce') return parseAnnounce(value);
  if (value['t'] === 'withdraw') {
    onlyKeys(value, ['t'], 'withdraw');
    return { t: 'withdraw' };
  }
  return reject('directory: unknown message');
}

/**
 * Decodes and validates one text frame from a companion (used by the browser client).
 *
 * @throws KianaError `bad-message` (the reason says which rule failed)
 */
export function parseDirectoryServerMessage(text: string): DirectoryServerMessage {
  // `present` may carry up to MAX_MATCHES entries of ~90 bytes each.
  const value = decodeFrame(text, 256 * 1024);
  if (!isRecord(value)) reject('directory: not an object');
  switch (value['t']) {
    case 'welcome':
      onlyKeys(value, ['t', 'companion', 'ttlMs', 'iceServers'], 'welcome');
      return {
        t: 'welcome',
        companion: stringField(value, 'companion', COMPANION_ID, 'welcome'),
        ttlMs: intField(value, 'ttlMs', 1000, 3_600_000, 'welcome'),
        iceServers: arrayField(value, 'iceServers', 16, parseIceServer, 'welcome'),
      };
    case 'present':
      onlyKeys(value, ['t', 'matches'], 'present');
      return {
        t: 'present',
        matches: arrayField(value, 'matches', MAX_MATCHES, parseMatch, 'present'),
      };
    case 'refused': {
      onlyKeys(value, ['t', 'reason'], 'refused');
      const { reason } = value;
      if (!isRefusalReason(reason)) reject('refused: unknown reason');
      return { t: 'refused', reason };
    }
    default:
      return reject('directory: unknown message');
  }
}
