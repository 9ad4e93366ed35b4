import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveRendezvousToken } from '@kiana/shared/protocol';
import { Client, peerjsClient, startTestCompanion, type TestCompanion } from './lan-helpers.js';

let companion: TestCompanion;
const secret = new Uint8Array(32).fill(7);
let shared: string;
let other: string;

beforeAll(async () => {
  companion = await startTestCompanion({}, { entryTtlMs: 1500 });
  shared = await deriveRendezvousToken(secret, 100);
  other = await deriveRendezvousToken(new Uint8Array(32).fill(9), 100);
});

afterAll(async () => {
  await companion.stop();
});

/** A device: its PeerJS socket (which proves the id) and its directory socket. */
async function device(id: string): Promise<{ peer: Client; dir: Client }> {
  const peer = peerjsClient(companion, id);
  await peer.next((f) => f['type'] === 'OPEN');
  const dir = new Client(`${companion.ws}/directory`);
  await dir.next((f) => f['t'] === 'welcome');
  return { peer, dir };
}

const present = (peers: string[]) => (frame: Record<string, unknown>) =>
  frame['t'] === 'present' &&
  JSON.stringify((frame['matches'] as { peer: string }[]).map((m) => m.peer).sort()) ===
    JSON.stringify(peers);

describe('the LAN directory', () => {
  it('welcomes a browser with the companion id, the entry lifetime and no ICE servers without STUN', async () => {
    const dir = new Client(`${companion.ws}/directory`);
    expect(await dir.next((f) => f['t'] === 'welcome')).toEqual({
      t: 'welcome',
      companion: companion.id,
      ttlMs: 1500,
      iceServers: [],
    });
    dir.close();
  });

  it('tells two devices holding the same token about each other, and nobody else', async () => {
    const a = await device('dir-a');
    const b = await device('dir-b');
    const c = await device('dir-c');
    a.dir.send({ t: 'announce', peer: 'dir-a', key: 'tokdir-a', tokens: [shared] });
    b.dir.send({ t: 'announce', peer: 'dir-b', key: 'tokdir-b', tokens: [shared, other] });
    c.dir.send({ t: 'announce', peer: 'dir-c', key: 'tokdir-c', tokens: [other] });
    expect(await a.dir.next(present(['dir-b']))).toEqual({
      t: 'present',
      matches: [{ token: shared, peer: 'dir-b', companion: companion.id }],
    });
    await b.dir.next(present(['dir-a', 'dir-c']));
    await c.dir.next(present(['dir-b']));

    // A device that goes away disappears from the others' view at once.
    b.dir.close();
    await a.dir.next((f) => f['t'] === 'present' && (f['matches'] as unknown[]).length === 0);
    for (const d of [a, b, c]) d.peer.close();
    a.dir.close();
    c.dir.close();
  });

  it('expires an entry that is not re-announced within its lifetime', async () => {
    const a = await device('ttl-a');
    const b = await device('ttl-b');
    a.dir.send({ t: 'announce', peer: 'ttl-a', key: 'tokttl-a', tokens: [shared] });
    b.dir.send({ t: 'announce', peer: 'ttl-b', key: 'tokttl-b', tokens: [shared] });
    await a.dir.next(present(['ttl-b']));
    const seenAt = Date.now();
    a.dir.frames.length = 0;
    // Only a re-announces; b's entry runs out after 1.5 s.
    const keepAlive = setInterval(() => {
      a.dir.send({ t: 'announce', peer: 'ttl-a', key: 'tokttl-a', tokens: [shared] });
    }, 500);
    await a.dir.next(present([]), 4000);
    clearInterval(keepAlive);
    expect(Date.now() - seenAt).toBeGreaterThanOrEqual(1000);
    for (const d of [a, b]) {
      d.peer.close();
      d.dir.close();
    }
  });

  it('refuses announcing a PeerJS id the browser does not own', async () => {
    const victim = await device('victim');
    const dir = new Client(`${companion.ws}/directory`);
    await dir.next((f) => f['t'] === 'welcome');
    dir.send({ t: 'announce', peer: 'victim', key: 'guessed', tokens: [shared] });
    expect(await dir.next((f) => f['t'] === 'refused')).toEqual({
      t: 'refused',
      reason: 'unknown-peer',
    });
    victim.peer.close();
    victim.dir.close();
    dir.close();
  });

  it('refuses malformed and oversized frames with a reason, then closes a persistent offender', async () => {
    const dir = new Client(`${companion.ws}/directory`);
    await dir.next((f) => f['t'] === 'welcome');
    dir.send({ t: 'announce', peer: 'x', key: 'k', tokens: ['NOT-A-TOKEN'] });
    expect(await dir.next((f) => f['t'] === 'refused')).toEqual({
      t: 'refused',
      reason: 'malformed',
    });
    dir.frames.length = 0;
    dir.send({ t: 'announce', peer: 'x', key: 'k', tokens: Array(65).fill(shared) });
    expect(await dir.next((f) => f['t'] === 'refused')).toEqual({
      t: 'refused',
      reason: 'malformed',
    });
    for (let i = 0; i < 40; i++) dir.send('garbage');
    expect((await dir.closed).code).toBe(1008);
    const logged = companion.logs.filter(
      (l) => l['endpoint'] === 'directory' && l['msg'] === 'refused frame',
    );
    expect(logged.map((l) => l['detail'])).toContain('announce: more than 64 tokens');
  });
});
