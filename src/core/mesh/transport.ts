/**
 * The transport the mesh and the pairing handshake run on, as small as they need: find peers
 * holding one of our rendezvous secrets, open ordered reliable channels to them, and move binary
 * frames with a visible send buffer. Two adapters implement it and run one shared test suite:
 * PeerJS through the companion (src/platform/peerjs-transport.ts) and an in-memory loopback
 * (loopback.ts) for unit tests.
 */
import type { RendezvousToken } from '@kiana/shared/protocol/rendezvous';

/** Above this many buffered bytes a sender waits for `drain` (flow control). */
export const HIGH_WATER_BYTES = 1024 * 1024;
/** `drain` fires when the buffer falls to this (the data channel's bufferedAmountLowThreshold). */
export const LOW_WATER_BYTES = 256 * 1024;

/** Callbacks of one channel; set once with {@link Channel.listen}. */
export interface ChannelEvents {
  /** One whole frame, in order. */
  readonly frame: (frame: Uint8Array) => void;
  /** The buffer fell to {@link LOW_WATER_BYTES}. */
  readonly drain: () => void;
  /** The channel closed (either side, or the connection failed); fires once. */
  readonly close: () => void;
}

/** An open, ordered, reliable channel to one remote transport address. */
export interface Channel {
  /** The remote transport address (a per-session PeerJS id; opaque). */
  readonly remote: string;
  /** True on the side that dialed. */
  readonly dialed: boolean;
  /** DTLS fingerprint of our end, `sha-256 AB:…` (see fingerprint.ts). */
  readonly localFingerprint: string;
  /** DTLS fingerprint of the remote end as this side's connection sees it. */
  readonly remoteFingerprint: string;
  /** Bytes handed to `send` and not yet on the wire. */
  readonly bufferedAmount: number;
  readonly open: boolean;
  /** Sends one frame (≤ 16 KiB). Throws when closed. */
  send(frame: Uint8Array): void;
  listen(events: ChannelEvents): void;
  close(): void;
}

/** A peer that announced one of our tokens. */
export interface Presence {
  readonly peer: string;
  readonly token: RendezvousToken;
}

/** The signalling side of a transport: `open` while the companion is reachable. */
export type SignallingState = 'connecting' | 'open' | 'offline';

export interface TransportEvents {
  /** A remote dialed us; the channel is open. */
  readonly channel: (channel: Channel) => void;
  /** Everyone present now who holds one of our tokens (replaces the previous list). */
  readonly present: (present: readonly Presence[]) => void;
  readonly state: (state: SignallingState) => void;
}

export interface Transport {
  /** Our own transport address. */
  readonly self: string;
  listen(events: TransportEvents): void;
  /** Announces tokens of these secrets from now on (replacing earlier ones). */
  announce(secrets: readonly Uint8Array[]): Promise<void>;
  /** Opens a channel to `remote`; rejects when it cannot be opened. */
  dial(remote: string): Promise<Channel>;
  /** Reconnects signalling now if it is down (tab became visible, network changed). */
  nudge(): void;
  close(): void;
}
