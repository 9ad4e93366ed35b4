/**
 * The link between two companions (WebSocket at {@link LINK_PATH}), found by mDNS. A link carries
 * a hello, full snapshots of each side's directory (so a browser learns of peers on every
 * companion of the LAN), and PeerJS signals for peers connected to the other side. Snapshots are
 * small (a household has tens of entries), so sending the whole state beats a delta protocol.
 */
import {
  arrayField,
  decodeFrame,
  intField,
  isRecord,
  onlyKeys,
  reject,
  stringField,
} from './check.ts';
import { COMPANION_ID } from './directory.ts';
import { isPeerId, parseRelayedSignal, type RelayedSignal } from './peerjs.ts';
import { parseRendezvousToken, type RendezvousToken } from './rendezvous.ts';

export const LINK_PATH = '/companion';
export const LINK_MAX_FRAME_BYTES = 1024 * 1024;
/** Entries and peers in one snapshot; a companion refuses to hold more than this per link. */
export const MAX_LINK_ENTRIES = 4096;
export const MAX_LINK_PEERS = 1024;
/** Remote entries live at most this long after the snapshot that carried them. */
export const MAX_ENTRY_TTL_MS = 10 * 60 * 1000;

/** A DNS label: what `<name>.local` allows. */
export const COMPANION_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const VERSION = /^[0-9A-Za-z.+-]{1,32}$/;

/** One directory entry as another companion reports it; `ttlMs` is relative, so clocks may differ. */
export interface LinkEntry {
  readonly token: RendezvousToken;
  readonly peer: string;
  readonly ttlMs: number;
}

export type LinkMessage =
  | {
      readonly t: 'hello';
      readonly companion: string;
      readonly name: string;
      readonly version: string;
    }
  | {
      readonly t: 'state';
      readonly peers: readonly string[];
      readonly entries: readonly LinkEntry[];
    }
  | { readonly t: 'signal'; readonly signal: RelayedSignal };

function parsePeer(value: unknown): string {
  if (!isPeerId(value)) reject('state: bad peer');
  return value;
}

function parseEntry(value: unknown): LinkEntry {
  if (!isRecord(value)) reject('entry: not an object');
  onlyKeys(value, ['token', 'peer', 'ttlMs'], 'entry');
  return {
    token: parseRendezvousToken(value['token']),
    peer: parsePeer(value['peer']),
    ttlMs: intField(value, 'ttlMs', 0, MAX_ENTRY_TTL_MS, 'entry'),
  };
}

/**
 * Decodes and validates one frame on a companion link. A `state` whose entries name peers it
 * does not list is refused: a companion may only speak for peers connected to it.
 *
 * @throws KianaError `bad-message` (the reason says which rule failed)
 */
export function parseLinkMessage(text: string): LinkMessage {
  const value = decodeFrame(text, LINK_MAX_FRAME_BYTES);
  if (!isRecord(value)) reject('link: not an object');
  switch (value['t']) {
    case 'hello':
      onlyKeys(value, ['t', 'companion', 'name', 'version'], 'hello');
      return {
        t: 'hello',
        companion: stringField(value, 'companion', COMPANION_ID, 'hello'),
        name: stringField(value, 'name', COMPANION_NAME, 'hello'),
        version: stringField(value, 'version', VERSION, 'hello'),
      };
    case 'state': {
      onlyKeys(value, ['t', 'peers', 'entries'], 'state');
      const peers = arrayField(value, 'peers', MAX_LINK_PEERS, parsePeer, 'state');
      const entries = arrayField(value, 'entries', MAX_LINK_ENTRIES, parseEntry, 'state');
      const listed = new Set(peers);
      if (entries.some((entry) => !listed.has(entry.peer)))
        reject('state: entry for unlisted peer');
      return { t: 'state', peers, entries };
    }
    case 'signal':
      onlyKeys(value, ['t', 'signal'], 'signal');
      return { t: 'signal', signal: parseRelayedSignal(value['signal']) };
    default:
      return reject('link: unknown message');
  }
}
