import { describe, expect, it } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import { InviteBook, INVITE_TTL_MS } from '../../../src/core/pairing/invites.ts';
import {
  InviterHandshake,
  JoinerHandshake,
  refusalCode,
  type HandshakeCrypto,
} from '../../../src/core/pairing/handshake.ts';
import { SAS_WORDS } from '../../../src/core/pairing/words.ts';
import type { ChannelBinding, LocalParty } from '../../../src/core/pairing/types.ts';
import type { PairingKind } from '@kiana/shared/protocol/mesh';
import { crypto, fp, party } from './helpers.ts';

const c = await crypto();
const inviterParty = await party('Laptop');
const joinerParty = await party('Phone');
const secret = new Uint8Array(32).fill(42);

/** Channel views: `joiner` is what the joiner sees, `inviter` what the inviter sees. */
const direct: { joiner: ChannelBinding; inviter: ChannelBinding } = {
  joiner: { local: fp(1), remote: fp(2) },
  inviter: { local: fp(2), remote: fp(1) },
};

function setup(
  options: {
    binding?: typeof direct;
    kind?: PairingKind;
    check?: () => ReturnType<InviteBook['check']>;
    fingerprint?: LocalParty['deviceId'];
    crypt?: HandshakeCrypto;
  } = {},
) {
  const binding = options.binding ?? direct;
  const joiner = new JoinerHandshake(
    c,
    joinerParty,
    { secret, fingerprint: options.fingerprint ?? inviterParty.deviceId },
    binding.joiner,
  );
  const inviter = new InviterHandshake(
    c,
    inviterParty,
    { secret, kind: options.kind ?? 'device' },
    binding.inviter,
    options.check ?? (() => null),
  );
  return { joiner, inviter };
}

function code(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KianaError);
    return (error as KianaError).code;
  }
  throw new Error('did not throw');
}

describe('the pairing handshake', () => {
  it('pairs two devices: same SAS on both screens, matching records and one shared secret', () => {
    const { joiner, inviter } = setup({ kind: 'contact' });
    const answer = inviter.receiveRequest(joiner.request());
    if (!answer.ok) throw new Error(answer.reason);
    const preview = joiner.receiveOffer(answer.offer);
    expect(preview).toMatchObject({
      name: 'Laptop',
      kind: 'contact',
      deviceId: inviterParty.deviceId,
    });
    expect(answer.joiner).toMatchObject({ name: 'Phone', deviceId: joinerParty.deviceId });
    expect(preview.sas).toEqual(answer.joiner.sas);
    expect(preview.sas).toHaveLength(4);
    for (const word of preview.sas) expect(SAS_WORDS).toContain(word);

    const { message, pairing: atJoiner } = joiner.confirm(1000);
    inviter.allow();
    const done = inviter.receiveConfirm(message, 2000);
    if (!done.ok) throw new Error(done.reason);
    const atInviter = done.pairing;
    expect(atJoiner.deviceId).toBe(inviterParty.deviceId);
    expect(atInviter.deviceId).toBe(joinerParty.deviceId);
    expect(atJoiner.signKey).toEqual(inviterParty.signPublicKey);
    expect(atInviter.signKey).toEqual(joinerParty.signPublicKey);
    expect(atJoiner.kind).toBe('contact');
    expect(atInviter.kind).toBe('contact');
    expect(atJoiner.secret).toEqual(atInviter.secret);
    expect(atJoiner.secret).toHaveLength(32);
    // The pairing secret is derived, never the link secret itself.
    expect(atJoiner.secret).not.toEqual(secret);
  });

  it('gives different SAS words and different secrets for different runs', () => {
    const run = () => {
      const { joiner, inviter } = setup();
      const answer = inviter.receiveRequest(joiner.request());
      if (!answer.ok) throw new Error(answer.reason);
      const sas = joiner.receiveOffer(answer.offer).sas;
      return { sas, secret: joiner.confirm(0).pairing.secret };
    };
    const first = run();
    const second = run();
    // Fresh nonces each run: 32 bits of SAS collide with probability 2^-32.
    expect(first.sas).not.toEqual(second.sas);
    expect(first.secret).not.toEqual(second.secret);
  });

  it('refuses an inviter whose key does not hash to the fingerprint in the link', async () => {
    const other = await party('Impostor');
    const { joiner, inviter } = setup({ fingerprint: other.deviceId });
    const answer = inviter.receiveRequest(joiner.request());
    if (!answer.ok) throw new Error(answer.reason);
    expect(code(() => joiner.receiveOffer(answer.offer))).toBe('pairing-mismatch');
  });

  it('refuses when a relay terminates DTLS on each side (fingerprints differ)', () => {
    // Each side sees the relay's certificate as the remote one.
    const relayed = {
      joiner: { local: fp(1), remote: fp(9) },
      inviter: { local: fp(2), remote: fp(8) },
    };
    const { joiner, inviter } = setup({ binding: relayed });
    const answer = inviter.receiveRequest(joiner.request());
    expect(answer).toEqual({ ok: false, reason: 'bad-proof' });
  });

  it('refuses an offer whose fields were changed after signing', () => {
    // The inviter signs over the fingerprints it sees; the joiner sees others.
    const { joiner } = setup({
      binding: { joiner: { local: fp(1), remote: fp(2) }, inviter: direct.inviter },
    });
    const { inviter } = setup();
    const req = joiner.request();
    const answer = inviter.receiveRequest(req);
    if (!answer.ok) throw new Error(answer.reason);
    const tampered = { ...answer.offer, name: 'Laptop (evil)' };
    expect(code(() => joiner.receiveOffer(tampered))).toBe('pairing-mismatch');
  });

  it('refuses a request from someone without the link secret', () => {
    const { joiner } = setup();
    const { inviter } = setup();
    const request = { ...joiner.request(), mac: new Uint8Array(32) };
    expect(inviter.receiveRequest(request)).toEqual({ ok: false, reason: 'bad-proof' });
  });

  it('refuses a confirmation with a forged signature or MAC', () => {
    for (const field of ['sig', 'mac'] as const) {
      const { joiner, inviter } = setup();
      const answer = inviter.receiveRequest(joiner.request());
      if (!answer.ok) throw new Error(answer.reason);
      joiner.receiveOffer(answer.offer);
      const { message } = joiner.confirm(0);
      const forged = { ...message, [field]: message[field].map((b, i) => (i === 0 ? b ^ 1 : b)) };
      expect(inviter.receiveConfirm(forged, 0)).toEqual({ ok: false, reason: 'bad-proof' });
    }
  });

  it('answers a used or expired invite with that reason, after checking the secret', () => {
    let now = 0;
    const book = new InviteBook(() => now);
    const invite = book.create(secret, 'device');
    const { joiner, inviter } = setup({ check: () => book.check(invite) });
    expect(inviter.receiveRequest(joiner.request()).ok).toBe(true);
    expect(book.use(invite)).toBe(true);
    expect(book.use(invite)).toBe(false);
    expect(
      setup({ check: () => book.check(invite) }).inviter.receiveRequest(joiner.request()),
    ).toEqual({
      ok: false,
      reason: 'used',
    });
    const fresh = book.create(secret, 'device');
    now += INVITE_TTL_MS;
    const late = setup({ check: () => book.check(fresh) });
    expect(late.inviter.receiveRequest(late.joiner.request())).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(refusalCode('used')).toBe('pairing-used');
    expect(refusalCode('expired')).toBe('pairing-expired');
    expect(refusalCode('mismatch')).toBe('pairing-mismatch');
  });

  it('refuses a confirmation when another joiner used the invite in the meantime', () => {
    const book = new InviteBook(() => 0);
    const invite = book.create(secret, 'device');
    const { joiner, inviter } = setup({ check: () => book.check(invite) });
    const answer = inviter.receiveRequest(joiner.request());
    if (!answer.ok) throw new Error(answer.reason);
    joiner.receiveOffer(answer.offer);
    book.use(invite);
    inviter.allow();
    expect(inviter.receiveConfirm(joiner.confirm(0).message, 0)).toEqual({
      ok: false,
      reason: 'used',
    });
  });

  it('keeps no pairing from a valid confirmation until the inviter’s own person allowed it', () => {
    const { joiner, inviter } = setup();
    const answer = inviter.receiveRequest(joiner.request());
    if (!answer.ok) throw new Error(answer.reason);
    joiner.receiveOffer(answer.offer);
    const { message } = joiner.confirm(0);
    // The joiner's Pair alone: whoever holds a leaked link could have pressed it.
    expect(inviter.receiveConfirm(message, 0)).toEqual({ ok: false, reason: 'denied' });
    expect(refusalCode('denied')).toBe('pairing-denied');
    inviter.allow();
    expect(inviter.receiveConfirm(message, 0).ok).toBe(true);
  });

  it('forgets invites half an hour after they were made', () => {
    let now = 0;
    const book = new InviteBook(() => now);
    book.create(secret, 'device');
    expect(book.live()).toHaveLength(1);
    now += 30 * 60_000;
    expect(book.live()).toHaveLength(0);
  });
});
