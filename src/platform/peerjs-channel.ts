/**
 * A PeerJS DataConnection as a mesh {@link Channel}. Frames go straight to the RTCDataChannel
 * (raw serialization, ArrayBuffer), so the mesh sees the real `bufferedAmount` and does its own
 * flow control; PeerJS's own send buffer and chunking are bypassed. The DTLS fingerprints come
 * from the connection's local and remote SDP.
 */
import type { DataConnection } from 'peerjs';
import { KianaError } from '@kiana/shared/errors';
import { fingerprintFromSdp } from '../core/mesh/fingerprint.ts';
import { LOW_WATER_BYTES, type Channel, type ChannelEvents } from '../core/mesh/transport.ts';

/** How long an open channel may wait for the SDP that names the peer's certificate. */
const DESCRIPTION_WAIT_MS = 10_000;

/** The DTLS fingerprints of both ends, as the two SDPs announce them. */
interface Fingerprints {
  readonly local: string;
  readonly remote: string;
}

export class PeerjsChannel implements Channel {
  readonly remote: string;
  readonly localFingerprint: string;
  readonly remoteFingerprint: string;
  readonly #connection: DataConnection;
  #events: ChannelEvents | undefined;
  #early: Uint8Array[];
  #closed = false;

  /**
   * The channel of a connection PeerJS reports open. Chromium may fire the data channel's `open`
   * before the answer's setRemoteDescription has resolved on the dialing side (seen under load:
   * the remote SDP was still empty), so this waits for both descriptions, keeping the frames
   * that arrive meanwhile.
   *
   * @throws KianaError `bad-message` when an SDP has no single fingerprint (nothing to bind to),
   *   `peer-offline` when the connection closed meanwhile
   */
  static async open(connection: DataConnection, dialed: boolean): Promise<PeerjsChannel> {
    const early: Uint8Array[] = [];
    const keep = (data: unknown): void => {
      const frame = toBytes(data);
      if (frame !== null) early.push(frame);
    };
    connection.on('data', keep);
    try {
      const fingerprints = await readFingerprints(connection.peerConnection);
      if (!connection.open) throw new KianaError('peer-offline', 'closed while opening');
      return new PeerjsChannel(connection, dialed, fingerprints, early);
    } catch (error) {
      connection.close();
      throw error;
    } finally {
      connection.off('data', keep);
    }
  }

  private constructor(
    connection: DataConnection,
    readonly dialed: boolean,
    fingerprints: Fingerprints,
    early: Uint8Array[],
  ) {
    this.#connection = connection;
    this.remote = connection.peer;
    this.localFingerprint = fingerprints.local;
    this.remoteFingerprint = fingerprints.remote;
    this.#early = early;
    const pc = connection.peerConnection;
    const channel = connection.dataChannel;
    channel.bufferedAmountLowThreshold = LOW_WATER_BYTES;
    channel.addEventListener('bufferedamountlow', () => this.#events?.drain());
    connection.on('data', (data) => {
      const frame = toBytes(data);
      if (frame === null) return; // a text frame: not ours, ignored
      if (this.#events === undefined) this.#early.push(frame);
      else this.#events.frame(frame);
    });
    connection.on('close', () => this.#onClose());
    connection.on('error', () => this.#onClose());
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') this.#onClose();
    });
  }

  get bufferedAmount(): number {
    return this.#connection.dataChannel.bufferedAmount;
  }

  get open(): boolean {
    return !this.#closed && this.#connection.dataChannel.readyState === 'open';
  }

  listen(events: ChannelEvents): void {
    this.#events = events;
    const early = this.#early;
    this.#early = [];
    for (const frame of early) events.frame(frame);
  }

  send(frame: Uint8Array): void {
    if (!this.open) throw new KianaError('peer-offline', 'channel closed');
    // A copy into a fresh ArrayBuffer: send() wants an ArrayBuffer-backed view of exact size.
    this.#connection.dataChannel.send(frame.slice().buffer);
  }

  close(): void {
    this.#connection.close();
    this.#onClose();
  }

  #onClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#events?.close();
  }
}

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

/** Both fingerprints, once both descriptions are there (or a coded error). */
async function readFingerprints(pc: RTCPeerConnection): Promise<Fingerprints> {
  const until = Date.now() + DESCRIPTION_WAIT_MS;
  for (;;) {
    const local = pc.localDescription?.sdp;
    const remote = pc.remoteDescription?.sdp;
    if (local && remote) {
      const l = fingerprintFromSdp(local);
      const r = fingerprintFromSdp(remote);
      if (l === null || r === null) {
        const side = l === null ? 'local' : 'remote';
        throw new KianaError('bad-message', `no single DTLS fingerprint in the ${side} SDP`);
      }
      return { local: l, remote: r };
    }
    if (pc.signalingState === 'closed')
      throw new KianaError('peer-offline', 'closed while opening');
    if (Date.now() > until) {
      throw new KianaError('timeout', `no ${local ? 'remote' : 'local'} description after open`);
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pc.removeEventListener('signalingstatechange', done);
        resolve();
      };
      // The description lands with a signaling state change; the timer is a backstop.
      const timer = setTimeout(done, 50);
      pc.addEventListener('signalingstatechange', done);
    });
  }
}
