/**
 * A PeerJS DataConnection as a mesh {@link Channel}. Frames go straight to the RTCDataChannel
 * (raw serialization, ArrayBuffer), so the mesh sees the real `bufferedAmount` and does its own
 * flow control; PeerJS's own send buffer and chunking are bypassed. The DTLS fingerprints come
 * from the connection's local and remote SDP.
 */
import type { DataConnection } from 'peerjs';
import { KianaError } from '../core/errors.ts';
import { fingerprintFromSdp } from '../core/mesh/fingerprint.ts';
import { LOW_WATER_BYTES, type Channel, type ChannelEvents } from '../core/mesh/transport.ts';

export class PeerjsChannel implements Channel {
  readonly remote: string;
  readonly localFingerprint: string;
  readonly remoteFingerprint: string;
  readonly #connection: DataConnection;
  #events: ChannelEvents | undefined;
  #early: Uint8Array[] = [];
  #closed = false;

  /**
   * Wraps an open connection.
   *
   * @throws KianaError `bad-message` when an SDP has no single fingerprint (nothing to bind to)
   */
  constructor(
    connection: DataConnection,
    readonly dialed: boolean,
  ) {
    this.#connection = connection;
    this.remote = connection.peer;
    const pc = connection.peerConnection;
    const local = fingerprintFromSdp(pc.localDescription?.sdp ?? '');
    const remote = fingerprintFromSdp(pc.remoteDescription?.sdp ?? '');
    if (local === null || remote === null) {
      connection.close();
      // Say which side and in what state: a missing description is a race, a bad SDP is not.
      const side = local === null ? 'local' : 'remote';
      throw new KianaError(
        'bad-message',
        `no single DTLS fingerprint in the ${side} SDP (signaling ${pc.signalingState})`,
      );
    }
    this.localFingerprint = local;
    this.remoteFingerprint = remote;
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
