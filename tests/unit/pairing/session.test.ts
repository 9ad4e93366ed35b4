import { describe, expect, it } from 'vitest';
import { KianaError } from '../../../src/core/errors.ts';
import { LoopbackNetwork } from '../../../src/core/mesh/loopback.ts';
import { InviteBook, INVITE_TTL_MS } from '../../../src/core/pairing/invites.ts';
import { InviteHost, joinInvite, type InviteEvent } from '../../../src/core/pairing/session.ts';
import type { LocalParty, Pairing } from '../../../src/core/pairing/types.ts';
import { crypto, party } from './helpers.ts';

const c = await crypto();

async function inviter(network: LoopbackNetwork, clock: { now: number }) {
  const me = await party('Laptop');
  const stored: Pairing[] = [];
  const events: InviteEvent[] = [];
  const host = new InviteHost({
    transport: network.transport(),
    me,
    crypto: c,
    book: new InviteBook(() => clock.now),
    now: () => 1,
    store: (p) => Promise.resolve(void stored.push(p)),
    onEvent: (e) => events.push(e),
  });
  return { me, stored, events, host };
}

function join(
  network: LoopbackNetwork,
  me: LocalParty,
  secret: Uint8Array,
  fingerprint: LocalParty['deviceId'],
  answer = true,
) {
  let seen: string[] = [];
  const done = joinInvite({
    transport: network.transport(),
    invite: { secret, fingerprint },
    me,
    crypto: c,
    now: () => 2,
    decide: (preview) => {
      seen = [...preview.sas, preview.name];
      return Promise.resolve(answer);
    },
    findMs: 1500,
  });
  return { done, seen: () => seen };
}

async function code(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KianaError);
  return (error as KianaError).code;
}

describe('pairing over a transport', () => {
  it('pairs a joiner with the inviter; both keep matching records and saw the same words', async () => {
    const network = new LoopbackNetwork();
    const clock = { now: 0 };
    const inv = await inviter(network, clock);
    const secret = c.primitives.randomBytes(32);
    await inv.host.open(secret, 'device');
    const phone = await party('Phone');
    const j = join(network, phone, secret, inv.me.deviceId);
    const pairing = await j.done;
    expect(pairing.deviceId).toBe(inv.me.deviceId);
    expect(inv.stored).toHaveLength(1);
    expect(inv.stored[0]?.deviceId).toBe(phone.deviceId);
    expect(inv.stored[0]?.secret).toEqual(pairing.secret);
    const joining = inv.events.find((e) => e.type === 'joining');
    expect(joining?.type === 'joining' && [...joining.joiner.sas, 'Laptop']).toEqual(j.seen());
    expect(inv.events.some((e) => e.type === 'paired')).toBe(true);
  });

  it('refuses a link used before', async () => {
    const network = new LoopbackNetwork();
    const inv = await inviter(network, { now: 0 });
    const secret = c.primitives.randomBytes(32);
    await inv.host.open(secret, 'device');
    await join(network, await party('Phone'), secret, inv.me.deviceId).done;
    const again = join(network, await party('Tablet'), secret, inv.me.deviceId);
    expect(await code(again.done)).toBe('pairing-used');
    expect(inv.stored).toHaveLength(1);
  });

  it('refuses a link older than five minutes', async () => {
    const network = new LoopbackNetwork();
    const clock = { now: 0 };
    const inv = await inviter(network, clock);
    const secret = c.primitives.randomBytes(32);
    await inv.host.open(secret, 'contact');
    clock.now += INVITE_TTL_MS + 1;
    expect(await code(join(network, await party('Phone'), secret, inv.me.deviceId).done)).toBe(
      'pairing-expired',
    );
    expect(inv.stored).toHaveLength(0);
  });

  it('stops when the inviter is not the device the link names, and tells the inviter', async () => {
    const network = new LoopbackNetwork();
    const inv = await inviter(network, { now: 0 });
    const secret = c.primitives.randomBytes(32);
    await inv.host.open(secret, 'device');
    const other = await party('Other');
    expect(await code(join(network, await party('Phone'), secret, other.deviceId).done)).toBe(
      'pairing-mismatch',
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(inv.events).toContainEqual(
      expect.objectContaining({ type: 'refused', reason: 'mismatch' }),
    );
    expect(inv.stored).toHaveLength(0);
  });

  it('skips another holder of the token that closes the channel without a word', async () => {
    const network = new LoopbackNetwork();
    const secret = c.primitives.randomBytes(32);
    // An earlier joiner still announcing the same token, listed before the inviter.
    const stale = network.transport();
    stale.listen({ channel: (ch) => ch.close(), present: () => undefined, state: () => undefined });
    await stale.announce([secret]);
    const inv = await inviter(network, { now: 0 });
    await inv.host.open(secret, 'device');
    const pairing = await join(network, await party('Phone'), secret, inv.me.deviceId).done;
    expect(pairing.deviceId).toBe(inv.me.deviceId);
    expect(inv.stored).toHaveLength(1);
  });

  it('says nobody answered when no device holds the link', async () => {
    const network = new LoopbackNetwork();
    const me = await party('Phone');
    const j = join(network, me, c.primitives.randomBytes(32), me.deviceId);
    expect(await code(j.done)).toBe('pairing-no-answer');
  });

  it('stores nothing on either side when the person does not confirm', async () => {
    const network = new LoopbackNetwork();
    const inv = await inviter(network, { now: 0 });
    const secret = c.primitives.randomBytes(32);
    await inv.host.open(secret, 'device');
    const j = join(network, await party('Phone'), secret, inv.me.deviceId, false);
    expect(await code(j.done)).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 50));
    expect(inv.stored).toHaveLength(0);
    expect(inv.events).toContainEqual(
      expect.objectContaining({ type: 'refused', reason: 'cancelled' }),
    );
  });
});
