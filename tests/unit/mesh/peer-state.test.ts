/**
 * What the mesh keeps per peer changes only through named transitions: a link attached and
 * detached, frames heard, messages received and acknowledged, heartbeats out and back.
 */
import { describe, expect, it } from 'vitest';
import {
  ACK_EVERY_BYTES,
  ACK_EVERY_MESSAGES,
  PeerState,
} from '../../../src/core/mesh/peer-state.ts';
import type { Pairing } from '../../../src/core/pairing/types.ts';
import { greetedLink as greeted, OTHER, PHONE, refusal } from './link-helpers.ts';

const PAIRING: Pairing = {
  deviceId: PHONE,
  signKey: new Uint8Array(32),
  boxKey: new Uint8Array(32),
  name: 'Phone',
  kind: 'device',
  secret: new Uint8Array(32),
  pairedAt: 0,
};
const DETECTOR = { acceptablePauseMs: 150, firstHeartbeatEstimateMs: 20, minStdDeviationMs: 10 };

const peer = (): PeerState => new PeerState(PAIRING, DETECTOR);

describe('a peer state', () => {
  it('attaches a greeted link: the link goes up, the peer online and heard', async () => {
    const state = peer();
    expect([state.link, state.health, state.lastSeen]).toEqual([null, 'offline', null]);
    const link = await greeted();
    expect(state.attach(link, 1000, 5000)).toBeNull();
    expect(state.link).toBe(link);
    expect(link.phase).toBe('up');
    expect([state.health, state.lastSeen]).toEqual(['online', 5000]);
  });

  it('returns the link it replaces, and detaching that one changes nothing', async () => {
    const state = peer();
    const first = await greeted();
    const second = await greeted();
    state.attach(first, 0, 0);
    expect(state.attach(second, 10, 10)).toBe(first);
    expect(state.detach(first)).toBe(false);
    expect([state.link, state.health]).toEqual([second, 'online']);
    expect(state.detach(second)).toBe(true);
    expect([state.link, state.health]).toEqual([null, 'offline']);
    expect(state.detach(second)).toBe(false);
  });

  it('refuses a link of another device, or one not past the hellos', async () => {
    const state = peer();
    const stranger = await greeted(OTHER);
    expect(refusal(() => state.attach(stranger, 0, 0))).toBe('internal');
    expect(stranger.phase).toBe('resume');
    const up = await greeted();
    state.attach(up, 0, 0);
    expect(refusal(() => peer().attach(up, 0, 0))).toBe('internal');
    expect(state.link).toBe(up);
  });

  it('times heartbeats by their pongs and smooths the round trip', async () => {
    const state = peer();
    state.attach(await greeted(), 0, 0);
    const first = state.ping(1000);
    const second = state.ping(1100);
    expect(second.n).toBe(first.n + 1);
    expect(state.pong(first.n, 1100)).toBe(100);
    expect(state.rttMs).toBe(100);
    expect(state.pong(first.n, 1200)).toBeUndefined(); // answered already
    expect(state.pong(second.n, 1300)).toBe(200);
    expect(state.rttMs).toBeCloseTo(120);
    expect(state.pong(999, 1300)).toBeUndefined(); // never sent
  });

  it('forgets the oldest of more than 32 pings in flight, and all of them when detached', async () => {
    const state = peer();
    const link = await greeted();
    state.attach(link, 0, 0);
    const sent = Array.from({ length: 33 }, (_, i) => state.ping(i).n);
    expect(state.pong(sent[0] ?? -1, 100)).toBeUndefined();
    expect(state.pong(sent[1] ?? -1, 100)).toBe(99);
    state.detach(link);
    expect(state.pong(sent[2] ?? -1, 100)).toBeUndefined();
  });

  it('delivers messages in order once, and acknowledges every 32 messages or a ping', () => {
    const state = peer();
    expect(state.received(2, 1)).toBe('gap');
    const arrivals = Array.from({ length: ACK_EVERY_MESSAGES }, (_, i) => state.received(i + 1, 1));
    expect(arrivals.slice(0, -1).every((a) => a === 'new')).toBe(true);
    expect(arrivals.at(-1)).toBe('ack-due');
    expect(state.received(ACK_EVERY_MESSAGES, 1)).toBe('old');
    expect(state.recvSeq).toBe(ACK_EVERY_MESSAGES);
    // A ping carries the cumulative ack, so the count starts again after it.
    for (let i = 1; i < ACK_EVERY_MESSAGES; i++) state.received(ACK_EVERY_MESSAGES + i, 1);
    expect(state.ping(0).ack).toBe(2 * ACK_EVERY_MESSAGES - 1);
    expect(state.received(2 * ACK_EVERY_MESSAGES, 1)).toBe('new');
  });

  it('acknowledges at once after a megabyte, however few the messages', () => {
    const state = peer();
    expect(state.received(1, ACK_EVERY_BYTES - 1)).toBe('new');
    expect(state.received(2, 1)).toBe('ack-due');
    expect(state.received(3, 1)).toBe('new');
  });

  it('resumes a continuous session with what was not acknowledged, and a restart from zero', () => {
    const state = peer();
    const first = state.resume('mine', 'theirs', { t: 'resume', peerSession: '', recv: 0 });
    expect(first).toEqual([]);
    expect(state.remoteSession).toBe('theirs');
    for (const word of ['a', 'b', 'c']) state.enqueue('notes', new TextEncoder().encode(word));
    const again = state.resume('mine', 'theirs', { t: 'resume', peerSession: 'mine', recv: 1 });
    expect(again.map((m) => m.seq)).toEqual([2, 3]);
    expect(state.resumeMessage()).toEqual({ t: 'resume', peerSession: 'theirs', recv: 0 });
    const restarted = state.resume('mine', 'new', { t: 'resume', peerSession: '', recv: 0 });
    expect(restarted).toEqual([]);
    expect(state.dropped).toBe(2);
    expect(state.enqueue('notes', new Uint8Array(1)).seq).toBe(1);
  });

  it('goes suspect, then offline, as the silence outgrows the rhythm it learned', async () => {
    const state = peer();
    expect(state.assess(0)).toBe('offline'); // no link, nothing to assess
    state.attach(await greeted(), 0, 0);
    for (let t = 20; t <= 400; t += 20) state.heard(t, t);
    expect(state.assess(410)).toBe('online');
    const later = [500, 600, 700, 1000, 5000].map((t) => state.assess(t));
    expect(later).toContain('suspect');
    expect(later.at(-1)).toBe('offline');
    expect(state.health).toBe('offline');
  });

  it('takes a new record of its own device only, and a new name from the hello', () => {
    const state = peer();
    expect(refusal(() => state.update({ ...PAIRING, deviceId: OTHER }))).toBe('internal');
    state.update({ ...PAIRING, name: 'Phone 2' });
    expect(state.pairing.name).toBe('Phone 2');
    expect(state.rename('Phone 2')).toBe(false);
    expect(state.rename('Pocket')).toBe(true);
    expect(state.pairing).toEqual({ ...PAIRING, name: 'Pocket' });
  });
});
