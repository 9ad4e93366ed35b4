import { describe, expect, it } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import { LoopbackNetwork } from '../../../src/core/mesh/loopback.ts';
import { InviteBook, INVITE_TTL_MS } from '../../../src/core/pairing/invites.ts';
import { InviteHost, joinInvite, type InviteEvent } from '../../../src/core/pairing/session.ts';
import type { PeerPreview } from '../../../src/core/pairing/handshake.ts';
import type { LocalParty, Pairing } from '../../../src/core/pairing/types.ts';
import { crypto, party } from './helpers.ts';

const c = await crypto();

/**
 * The inviting device. Its person allows every joiner unless `ask` is given: then each question
 * waits in `asked` until the test answers it.
 */
async function inviter(network: LoopbackNetwork, clock: { now: number }, ask = false) {
  const me = await party('Laptop');
  const stored: Pairing[] = [];
  const events: InviteEvent[] = [];
  const asked: { joiner: PeerPreview; answer: (yes: boolean) => void }[] = [];
  const host = new InviteHost({
    transport: network.transport(),
    me,
    crypto: c,
    book: new InviteBook(() => clock.now),
    now: () => 1,
    store: (p) => Promise.resolve(void stored.push(p)),
    onEvent: (e) => events.push(e),
    decide: (_invite, joiner) =>
      new Promise<boolean>((answer) => {
        asked.push({ joiner, answer });
        if (!ask) answer(true);
      }),
  });
  return { me, stored, events, asked, host };
}

function join(
  network: LoopbackNetwork,
  me: LocalParty,
  secret: Uint8Array,
  fingerprint: LocalParty['deviceId'],
  answer = true,
  signal?: AbortSignal,
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
    signal,
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
    // The inviter's person was asked about the phone beside the very words the phone showed.
    expect(inv.asked.map((a) => [...a.joiner.sas, 'Laptop'])).toEqual([j.seen()]);
    expect(inv.asked[0]?.joiner.name).toBe('Phone');
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

  it('stores nothing on either side while only the joiner has confirmed, until the inviter allows', async () => {
    const { inv, j } = await phoneAsking();
    let joined: Pairing | undefined;
    void j.done.then((p) => (joined = p));
    // The joiner pressed Pair (decide answered true) and its confirmation is on the wire.
    await new Promise((r) => setTimeout(r, 300));
    expect(inv.stored).toHaveLength(0);
    expect(joined).toBeUndefined();
    inv.asked[0]?.answer(true);
    expect((await j.done).deviceId).toBe(inv.me.deviceId);
    expect(inv.stored).toHaveLength(1);
  });

  it('on Deny tells the joiner it was not allowed, stores nothing, and the link pairs nobody after', async () => {
    const { network, inv, secret, j } = await phoneAsking();
    inv.asked[0]?.answer(false);
    expect(await code(j.done)).toBe('pairing-denied');
    expect(inv.stored).toHaveLength(0);
    expect(inv.events).toContainEqual(
      expect.objectContaining({ type: 'refused', reason: 'denied' }),
    );
    const again = join(network, await party('Tablet'), secret, inv.me.deviceId);
    expect(await code(again.done)).toBe('pairing-refused');
    expect(inv.asked).toHaveLength(1);
  });

  it('stores nothing when the joiner gives up while the inviter’s person is still deciding', async () => {
    const abort = new AbortController();
    const { inv, j } = await phoneAsking(abort.signal);
    await new Promise((r) => setTimeout(r, 50)); // the phone's confirmation arrives first
    abort.abort();
    expect(await code(j.done)).toBe('cancelled');
    await until(() => inv.events.length > 0);
    inv.asked[0]?.answer(true); // too late: the phone left
    await new Promise((r) => setTimeout(r, 50));
    expect(inv.stored).toHaveLength(0);
    expect(inv.events).toEqual([expect.objectContaining({ type: 'refused', reason: 'cancelled' })]);
  });

  it('tells a second joiner the inviter is busy while its person is still deciding about the first', async () => {
    const { network, inv, secret, j: first } = await phoneAsking();
    const second = join(network, await party('Tablet'), secret, inv.me.deviceId);
    expect(await code(second.done)).toBe('pairing-refused');
    expect(inv.asked).toHaveLength(1);
    inv.asked[0]?.answer(true);
    await first.done;
    expect(inv.stored.map((p) => p.name)).toEqual(['Phone']);
  });
});

/** An invitation, and the phone joining it; resolves once the inviter's person is asked. */
async function phoneAsking(signal?: AbortSignal) {
  const network = new LoopbackNetwork();
  const inv = await inviter(network, { now: 0 }, true);
  const secret = c.primitives.randomBytes(32);
  await inv.host.open(secret, 'device');
  const j = join(network, await party('Phone'), secret, inv.me.deviceId, true, signal);
  await until(() => inv.asked.length === 1);
  return { network, inv, secret, j };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
}
