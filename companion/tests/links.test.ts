import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { deriveRendezvousToken } from '@kiana/shared/protocol';
import { Client, peerjsClient, startTestCompanion, type TestCompanion } from './lan-helpers.js';

let a: TestCompanion;
let b: TestCompanion;
let token: string;

beforeAll(async () => {
  [a, b] = await Promise.all([startTestCompanion(), startTestCompanion()]);
  // Both learn of each other as mDNS would tell them; the smaller id dials.
  a.introduce(b.seenAs);
  b.introduce(a.seenAs);
  token = await deriveRendezvousToken(new Uint8Array(16).fill(1), 5);
});

afterAll(async () => {
  await Promise.all([a.stop(), b.stop()]);
});

async function health(
  companion: TestCompanion,
): Promise<{ companions: { id: string; linked: boolean }[] }> {
  return (await (await fetch(`${companion.base}/healthz`)).json()) as {
    companions: { id: string; linked: boolean }[];
  };
}

describe('links between companions', () => {
  it('link two companions that know each other, as /healthz shows', async () => {
    await expect
      .poll(async () => (await health(a)).companions)
      .toEqual([expect.objectContaining({ id: b.id, linked: true })]);
    expect((await health(b)).companions).toEqual([
      expect.objectContaining({ id: a.id, linked: true }),
    ]);
  });

  it('let devices on different companions find each other and signal through both', async () => {
    const pa = peerjsClient(a, 'cross-a');
    const pb = peerjsClient(b, 'cross-b');
    await Promise.all([pa.next((f) => f['type'] === 'OPEN'), pb.next((f) => f['type'] === 'OPEN')]);
    const da = new Client(`${a.ws}/directory`);
    const db = new Client(`${b.ws}/directory`);
    await Promise.all([da.opened, db.opened]);
    da.send({ t: 'announce', peer: 'cross-a', key: 'tokcross-a', tokens: [token] });
    db.send({ t: 'announce', peer: 'cross-b', key: 'tokcross-b', tokens: [token] });
    expect(
      await da.next((f) => f['t'] === 'present' && (f['matches'] as unknown[]).length === 1),
    ).toEqual({ t: 'present', matches: [{ token, peer: 'cross-b', companion: b.id }] });

    pa.send({ type: 'OFFER', dst: 'cross-b', payload: { connectionId: 'dc_x' } });
    expect(await pb.next((f) => f['type'] === 'OFFER')).toEqual({
      type: 'OFFER',
      src: 'cross-a',
      dst: 'cross-b',
      payload: { connectionId: 'dc_x' },
    });
    pb.send({ type: 'ANSWER', dst: 'cross-a', payload: { connectionId: 'dc_x' } });
    expect(await pa.next((f) => f['type'] === 'ANSWER')).toMatchObject({ src: 'cross-b' });

    // The same id cannot be taken on the other companion while it lives here.
    const twin = peerjsClient(a, 'cross-b');
    expect(await twin.next((f) => f['type'] === 'ID-TAKEN')).toBeDefined();
    for (const c of [pa, pb, da, db]) c.close();
  });

  it('refuse a companion that mDNS never reported, and log why', async () => {
    const stranger = new WebSocket(`${a.ws}/companion`);
    await new Promise((resolve) => stranger.once('open', resolve));
    stranger.send(
      JSON.stringify({
        t: 'hello',
        companion: 'zzzzzzzzzzzzzzzzzzzzzzzzzz',
        name: 'intruder',
        version: '1',
      }),
    );
    const code = await new Promise<number>((resolve) => stranger.once('close', (c) => resolve(c)));
    expect(code).toBe(4403);
    expect(
      a.logs.some((l) => l['reason'] === 'unknown-companion' && l['detail'] === 'not seen on mDNS'),
    ).toBe(true);
    // Still linked to b.
    expect((await health(a)).companions).toEqual([expect.objectContaining({ linked: true })]);
  });

  it('forget the entries of a companion that stops', async () => {
    const pa = peerjsClient(a, 'stay-a');
    const pb = peerjsClient(b, 'gone-b');
    await Promise.all([pa.next((f) => f['type'] === 'OPEN'), pb.next((f) => f['type'] === 'OPEN')]);
    const da = new Client(`${a.ws}/directory`);
    const db = new Client(`${b.ws}/directory`);
    await Promise.all([da.opened, db.opened]);
    da.send({ t: 'announce', peer: 'stay-a', key: 'tokstay-a', tokens: [token] });
    db.send({ t: 'announce', peer: 'gone-b', key: 'tokgone-b', tokens: [token] });
    await da.next((f) => f['t'] === 'present' && (f['matches'] as unknown[]).length === 1);
    da.frames.length = 0;
    await b.close();
    await da.next((f) => f['t'] === 'present' && (f['matches'] as unknown[]).length === 0);
    expect((await health(a)).companions).toEqual([expect.objectContaining({ linked: false })]);
    pa.close();
    da.close();
  });
});
