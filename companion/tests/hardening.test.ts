/**
 * The companion against a hostile LAN host or web page: each test attacks as they would, over
 * real sockets on loopback, and checks that honest users do not notice. What /healthz tells a
 * host on the LAN is checked between network namespaces (tests/lan/discovery.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { Client, opened, peerjsClient, useTestCompanion } from './lan-helpers.js';

const companion = useTestCompanion();
const offer = (dst: string, sdpBytes: number, connectionId: string) => ({
  type: 'OFFER',
  dst,
  payload: { sdp: { type: 'offer', sdp: 'a'.repeat(sdpBytes) }, type: 'data', connectionId },
});

describe('the offline signal queue', () => {
  it('keeps another source’s offer when one source floods it', async () => {
    const flooder = peerjsClient(companion(), 'flood-source');
    const honest = peerjsClient(companion(), 'honest-source');
    await Promise.all([flooder.next(opened), honest.next(opened)]);
    // 120 near-maximal offers to the victim before it connects (the old queue kept 100 a peer).
    for (let i = 0; i < 120; i++) flooder.send(offer('victim', 60_000, `dc_f${i}`));
    // A socket's frames are handled in order: once this arrives, the flood has been queued.
    flooder.send(offer('honest-source', 10, 'dc_sync1'));
    await honest.next((f) => f['src'] === 'flood-source');
    honest.send(offer('victim', 3000, 'dc_honest'));
    honest.send(offer('flood-source', 10, 'dc_sync2'));
    await flooder.next((f) => f['src'] === 'honest-source');
    const victim = peerjsClient(companion(), 'victim');
    const got = await victim.next(
      (f) => f['type'] === 'OFFER' && f['src'] === 'honest-source',
      3000,
    );
    expect(got).toMatchObject({ dst: 'victim' });
    // The flooder got no more than its own budget in (128 KiB: two of its 60 KB offers).
    expect(victim.frames.filter((f) => f['src'] === 'flood-source').length).toBeLessThanOrEqual(2);
    const reasons = companion().logs.filter((l) => l['msg'] === 'signal dropped');
    expect(reasons.every((l) => l['src'] === 'flood-source')).toBe(true);
    expect(reasons.some((l) => l['reason'] === 'source full')).toBe(true);
    for (const c of [flooder, honest, victim]) c.close();
  });
});

describe('WebSocket origins', () => {
  const url = () => `${companion().ws}/directory`;

  it('refuses a DNS-rebound page, whose Origin and Host both name the attacker', async () => {
    const rebound = new Client(url(), {
      origin: `http://evil.example:${port()}`,
      headers: { host: `evil.example:${port()}` },
    });
    await expect(rebound.opened).rejects.toThrow(/403/);
    expect(companion().logs.some((l) => l['reason'] === 'foreign origin')).toBe(true);
  });

  it('refuses its own host name on another port, and accepts its own names', async () => {
    const otherPort = new Client(url(), { origin: 'http://127.0.0.1:1' });
    await expect(otherPort.opened).rejects.toThrow(/403/);
    for (const host of ['127.0.0.1', 'localhost', 'kiana-test.local']) {
      const own = new Client(url(), { origin: `http://${host}:${port()}` });
      await own.opened;
      own.socket.close();
    }
  });
});

describe('what a stranger learns', () => {
  it('CSP names the companion’s own sockets, not every ws: and wss: host', async () => {
    const res = await fetch(`${companion().base}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    await res.arrayBuffer();
    const connect = csp.split('; ').find((d) => d.startsWith('connect-src')) ?? '';
    expect(connect).toContain(`ws://127.0.0.1:${port()}`);
    expect(connect.split(' ')).not.toContain('ws:');
    expect(connect.split(' ')).not.toContain('wss:');
  });
});

function port(): number {
  return companion().companion.port;
}
