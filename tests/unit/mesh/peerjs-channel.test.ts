/**
 * PeerjsChannel.open against a stand-in DataConnection whose data channel opens before the
 * answer's remote description is visible: the order Chromium showed under load on the dialing
 * side (the flaky transport test failed with "no single DTLS fingerprint in the remote SDP").
 * The real adapter runs in Chromium in tests/browser/transport-peerjs.test.ts; this pins the
 * ordering, which a real browser produces only by chance.
 */
import type { DataConnection } from 'peerjs';
import { describe, expect, it } from 'vitest';
import { PeerjsChannel } from '../../../src/platform/peerjs-channel.ts';

const fp = (byte: string) =>
  `a=fingerprint:sha-256 ${Array.from({ length: 32 }, () => byte).join(':')}`;
const sdp = (line: string) =>
  `v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n${line}\r\n`;

/** The parts of a DataConnection and its RTCPeerConnection the channel reads. */
function standIn() {
  const pc = Object.assign(new EventTarget(), {
    localDescription: { sdp: sdp(fp('AA')) },
    remoteDescription: null as { sdp: string } | null,
    signalingState: 'have-local-offer',
    connectionState: 'connecting',
    iceConnectionState: 'checking',
  });
  const listeners = new Map<string, Set<(value?: unknown) => void>>();
  const connection = {
    peer: 'remote-peer',
    open: true,
    peerConnection: pc,
    dataChannel: Object.assign(new EventTarget(), {
      bufferedAmountLowThreshold: 0,
      bufferedAmount: 0,
      readyState: 'open',
    }),
    on(event: string, listener: (value?: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
    },
    off(event: string, listener: (value?: unknown) => void) {
      listeners.get(event)?.delete(listener);
    },
    close() {
      connection.open = false;
      pc.signalingState = 'closed';
    },
    emit(event: string, value?: unknown) {
      for (const l of [...(listeners.get(event) ?? [])]) l(value);
    },
  };
  /** Applies the answer the way the browser reports it: state first, then the event. */
  const answer = (line = fp('BB')) => {
    pc.remoteDescription = { sdp: sdp(line) };
    pc.signalingState = 'stable';
    pc.dispatchEvent(new Event('signalingstatechange'));
  };
  return { connection, answer, asPeerjs: connection as unknown as DataConnection };
}

describe('PeerjsChannel.open', () => {
  it('waits for the remote description when the channel opened first, keeping early frames', async () => {
    const s = standIn();
    const opening = PeerjsChannel.open(s.asPeerjs, true);
    s.connection.emit('data', new Uint8Array([1, 2, 3]).buffer); // a frame before the answer
    await new Promise((r) => setTimeout(r, 20));
    s.answer();
    const channel = await opening;
    expect(channel.localFingerprint).toMatch(/^sha-256 AA(:AA){31}$/);
    expect(channel.remoteFingerprint).toMatch(/^sha-256 BB(:BB){31}$/);
    const frames: number[][] = [];
    channel.listen({ frame: (f) => frames.push([...f]), drain: () => {}, close: () => {} });
    s.connection.emit('data', new Uint8Array([4]).buffer);
    expect(frames).toEqual([[1, 2, 3], [4]]);
  });

  it('refuses an answer without a single fingerprint with bad-message and closes', async () => {
    const s = standIn();
    const opening = PeerjsChannel.open(s.asPeerjs, true);
    s.answer('a=setup:active');
    await expect(opening).rejects.toMatchObject({ code: 'bad-message' });
    expect(s.connection.open).toBe(false);
  });

  it('fails with peer-offline when the connection closes while it waits', async () => {
    const s = standIn();
    const opening = PeerjsChannel.open(s.asPeerjs, true);
    s.connection.close();
    await expect(opening).rejects.toMatchObject({ code: 'peer-offline' });
  });
});
