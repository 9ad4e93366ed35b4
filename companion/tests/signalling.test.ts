import { beforeEach, describe, expect, it } from 'vitest';
import {
  Client,
  opened,
  peerjsClient,
  useTestCompanion,
  type TestCompanion,
} from './lan-helpers.js';

const current = useTestCompanion();
let companion: TestCompanion;
beforeEach(() => {
  companion = current();
});

describe('PeerJS signalling on the companion', () => {
  it('opens a client that brings its own id, and hands out ids over HTTP', async () => {
    const a = peerjsClient(companion, 'alpha1');
    await a.next(opened);
    const res = await fetch(`${companion.base}/peerjs/peerjs/id?ts=1&version=1.5.5`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^[a-z2-7]{26}$/);
    a.close();
  });

  it('relays an offer with the sender as src, and the answer back', async () => {
    const a = peerjsClient(companion, 'relay-a');
    const b = peerjsClient(companion, 'relay-b');
    await Promise.all([a.next(opened), b.next(opened)]);
    const payload = { sdp: { type: 'offer', sdp: 'v=0' }, type: 'data', connectionId: 'dc_1' };
    // A forged src must not survive the relay.
    a.send({ type: 'OFFER', dst: 'relay-b', src: 'someone-else', payload });
    expect(await b.next((f) => f['type'] === 'OFFER')).toEqual({
      type: 'OFFER',
      src: 'relay-a',
      dst: 'relay-b',
      payload,
    });
    b.send({ type: 'ANSWER', dst: 'relay-a', payload: { connectionId: 'dc_1' } });
    expect(await a.next((f) => f['type'] === 'ANSWER')).toMatchObject({ src: 'relay-b' });
    a.close();
    b.close();
  });

  it('holds a message for a peer that connects a moment later', async () => {
    const a = peerjsClient(companion, 'early');
    await a.next(opened);
    a.send({ type: 'OFFER', dst: 'late', payload: { connectionId: 'dc_2' } });
    await new Promise((r) => setTimeout(r, 300));
    const late = peerjsClient(companion, 'late');
    expect(await late.next((f) => f['type'] === 'OFFER')).toMatchObject({ src: 'early' });
    a.close();
    late.close();
  });

  it('answers EXPIRE when the destination never appears', async () => {
    const a = peerjsClient(companion, 'lonely');
    await a.next(opened);
    a.send({ type: 'OFFER', dst: 'nobody', payload: { connectionId: 'dc_3' } });
    expect(await a.next((f) => f['type'] === 'EXPIRE', 9000)).toEqual({
      type: 'EXPIRE',
      src: 'nobody',
      dst: 'lonely',
    });
    a.close();
  }, 15_000);

  it('refuses a taken id with ID-TAKEN, but lets the owner reconnect with its token', async () => {
    const owner = peerjsClient(companion, 'taken', 'secret1');
    await owner.next(opened);
    const thief = peerjsClient(companion, 'taken', 'other');
    expect(await thief.next((f) => f['type'] === 'ID-TAKEN')).toBeDefined();
    expect((await thief.closed).code).toBe(1008);
    const again = peerjsClient(companion, 'taken', 'secret1');
    await again.next(opened);
    expect((await owner.closed).reason).toBe('replaced');
    again.close();
  });

  it('refuses a wrong key and a missing id', async () => {
    const wrongKey = new Client(`${companion.ws}/peerjs/peerjs?key=nope&id=x1&token=t`);
    expect(await wrongKey.next((f) => f['type'] === 'INVALID-KEY')).toBeDefined();
    const noId = new Client(`${companion.ws}/peerjs/peerjs?key=peerjs&token=t`);
    expect(await noId.next((f) => f['type'] === 'ERROR')).toBeDefined();
    expect(
      companion.logs.some((l) => l['msg'] === 'refused' && l['reason'] === 'invalid key'),
    ).toBe(true);
  });

  it('drops malformed frames, closes a flooder, and keeps serving everyone else', async () => {
    const good = peerjsClient(companion, 'steady-a');
    const peer = peerjsClient(companion, 'steady-b');
    const flooder = peerjsClient(companion, 'flooder');
    await Promise.all([good.next(opened), peer.next(opened), flooder.next(opened)]);
    flooder.send('{not json');
    flooder.send({ type: 'OFFER', dst: '../etc', payload: {} });
    for (let i = 0; i < 400; i++) flooder.send({ type: 'HEARTBEAT' });
    expect((await flooder.closed).code).toBe(1008);
    good.send({ type: 'CANDIDATE', dst: 'steady-b', payload: { connectionId: 'dc_4' } });
    expect(await peer.next((f) => f['type'] === 'CANDIDATE')).toMatchObject({ src: 'steady-a' });
    const reasons = companion.logs
      .filter((l) => l['msg'] === 'refused frame')
      .map((l) => l['reason']);
    expect(reasons).toContain('frame is not JSON');
    expect(reasons).toContain('peerjs: bad dst');
    expect(reasons).toContain('rate-limited');
    good.close();
    peer.close();
  });

  it('closes a connection that sends an oversized frame', async () => {
    const big = peerjsClient(companion, 'bigmouth');
    await big.next(opened);
    big.send({ type: 'OFFER', dst: 'x', payload: { sdp: 'a'.repeat(70 * 1024) } });
    expect((await big.closed).code).toBe(1009);
    expect(companion.logs.some((l) => l['reason'] === 'oversized')).toBe(true);
  });

  it('refuses a WebSocket from a page of another origin', async () => {
    const foreign = new Client(`${companion.ws}/directory`, { origin: 'http://evil.example' });
    await expect(foreign.opened).rejects.toThrow(/403/);
  });
});
