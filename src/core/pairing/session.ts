/**
 * The two sides of pairing over a {@link Transport}: the inviter hosts its open invitations
 * (announcing each link secret as a rendezvous token and answering joiners), the joiner finds the
 * inviter through the same token, runs the handshake and asks the person to confirm. Pure over
 * the transport interface, so the loopback and PeerJS run the same code.
 */
import { KianaError } from '@kiana/shared/errors';
import { agreement } from './agreement.ts';
import type { DeviceId } from '@kiana/shared/ids';
import type { Channel, Presence, Transport } from '../mesh/transport.ts';
import type {
  ControlMessage,
  PairOffer,
  PairRefusal,
  PairingKind,
} from '@kiana/shared/protocol/mesh';
import {
  InviterHandshake,
  JoinerHandshake,
  refusalCode,
  type HandshakeCrypto,
  type PeerPreview,
} from './handshake.ts';
import type { InviteBook, Invitation } from './invites.ts';
import { ControlPipe } from './pipe.ts';
import type { LocalParty, Pairing } from './types.ts';

/** How long the joiner looks for the inviter before saying nobody answered. */
export const JOIN_FIND_MS = 30_000;
/** How long one side waits for the other's next message (the person may take a while). */
const ANSWER_MS = 5 * 60_000;

export type InviteEvent =
  | { readonly type: 'paired'; readonly invite: Invitation; readonly pairing: Pairing }
  | { readonly type: 'refused'; readonly invite: Invitation | null; readonly reason: PairRefusal };

export interface InviteHostOptions {
  readonly transport: Transport;
  readonly me: LocalParty;
  readonly crypto: HandshakeCrypto;
  readonly book: InviteBook;
  /** Wall-clock ms for `pairedAt`. */
  readonly now: () => number;
  /** Stores the pairing; `pair-done` goes out only after it resolves. */
  readonly store: (pairing: Pairing) => Promise<void>;
  /**
   * Asks this device's person "Allow <name>?" beside the SAS words; resolves true on Allow.
   * Nothing is stored unless it does, whatever the joiner sends.
   */
  readonly decide: (invite: Invitation, joiner: PeerPreview) => Promise<boolean>;
  readonly onEvent: (event: InviteEvent) => void;
}

/** The inviting side: answers every joiner of every invitation it still holds. */
export class InviteHost {
  readonly #o: InviteHostOptions;
  /** Invitations whose person is being asked now: a second joiner meanwhile is told `busy`. */
  readonly #asking = new Set<Invitation>();

  constructor(options: InviteHostOptions) {
    this.#o = options;
    options.transport.listen({
      channel: (channel) => void this.#answer(channel),
      present: () => undefined,
      state: () => undefined,
    });
  }

  /** Opens an invitation with `secret` and announces it. */
  async open(secret: Uint8Array, kind: PairingKind): Promise<Invitation> {
    const invite = this.#o.book.create(secret, kind);
    await this.refresh();
    return invite;
  }

  /** Announces the secrets of every invitation that still answers. */
  async refresh(): Promise<void> {
    await this.#o.transport.announce(this.#o.book.live().map((i) => i.secret));
  }

  close(): void {
    this.#o.transport.close();
  }

  async #answer(channel: Channel): Promise<void> {
    const pipe = new ControlPipe(channel);
    const binding = { local: channel.localFingerprint, remote: channel.remoteFingerprint };
    let invite: Invitation | null = null;
    try {
      const request = await pipe.next(30_000);
      if (request.t !== 'pair-request') throw new KianaError('bad-message', 'not a request');
      let handshake: InviterHandshake | undefined;
      let answer: ReturnType<InviterHandshake['receiveRequest']> = {
        ok: false,
        reason: 'bad-proof',
      };
      // The request does not say which invitation it is for: its MAC verifies under one secret.
      for (const candidate of this.#o.book.live()) {
        const h = new InviterHandshake(this.#o.crypto, this.#o.me, candidate, binding, () =>
          this.#o.book.check(candidate),
        );
        answer = h.receiveRequest(request);
        if (answer.ok || answer.reason !== 'bad-proof') {
          invite = candidate;
          handshake = h;
          break;
        }
      }
      if (!answer.ok || handshake === undefined || invite === null) {
        const reason = answer.ok ? 'bad-proof' : answer.reason;
        pipe.send({ t: 'pair-refused', reason });
        this.#o.onEvent({ type: 'refused', invite, reason });
        return;
      }
      if (this.#asking.has(invite)) {
        pipe.send({ t: 'pair-refused', reason: 'busy' });
        return;
      }
      this.#asking.add(invite);
      try {
        await this.#agree(pipe, invite, handshake, answer.offer, answer.joiner);
      } finally {
        this.#asking.delete(invite);
      }
    } catch (error) {
      console.warn('pairing: a joiner’s attempt ended', error);
    } finally {
      pipe.closeSoon();
    }
  }

  /** After the offer: the joiner's Pair and our person's Allow, then store and `pair-done`. */
  async #agree(
    pipe: ControlPipe,
    invite: Invitation,
    handshake: InviterHandshake,
    offer: PairOffer,
    joiner: PeerPreview,
  ): Promise<void> {
    pipe.send(offer);
    const agreed = await agreement(pipe, this.#o.decide(invite, joiner), ANSWER_MS);
    if (!agreed.ok) {
      if (agreed.reason === 'denied') {
        // A link our person refused was likely leaked: it pairs nobody from now on.
        this.#o.book.revoke(invite);
        pipe.send({ t: 'pair-refused', reason: 'denied' });
      }
      this.#o.onEvent({ type: 'refused', invite, reason: agreed.reason });
      return;
    }
    handshake.allow();
    const done = handshake.receiveConfirm(agreed.confirm, this.#o.now());
    if (!done.ok || !this.#o.book.use(invite)) {
      const reason = done.ok ? 'used' : done.reason;
      pipe.send({ t: 'pair-refused', reason });
      this.#o.onEvent({ type: 'refused', invite, reason });
      return;
    }
    await this.#o.store(done.pairing);
    pipe.send({ t: 'pair-done' });
    this.#o.onEvent({ type: 'paired', invite, pairing: done.pairing });
  }
}

export interface JoinOptions {
  readonly transport: Transport;
  readonly invite: { readonly secret: Uint8Array; readonly fingerprint: DeviceId };
  readonly me: LocalParty;
  readonly crypto: HandshakeCrypto;
  readonly now: () => number;
  /** Shows "Pair with <name>?" and the SAS; resolves true when the person presses Pair. */
  readonly decide: (inviter: PeerPreview) => Promise<boolean>;
  /** Called once the inviter is found, before the handshake (for a "connecting" state). */
  readonly onFound?: () => void;
  /**
   * The person gave up (closed the dialog) while waiting for the inviter's Allow: the inviter is
   * told `cancelled`, so it stores nothing either.
   */
  readonly signal?: AbortSignal | undefined;
  readonly findMs?: number;
}

/**
 * Dials whoever holds the link's token until one answers or the time is up. A dial can fail
 * while the directory still lists a peer that just left (or whose signalling is reconnecting),
 * so each failure is followed by another try with the latest list.
 */
async function findInviter(
  o: JoinOptions,
  present: () => readonly Presence[],
  passed: ReadonlySet<string>,
  deadline: number,
): Promise<Channel> {
  let lastError: unknown;
  let announced = false;
  while (Date.now() < deadline) {
    const peer = present().find((p) => !passed.has(p.peer))?.peer;
    if (peer === undefined) {
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    if (!announced) o.onFound?.();
    announced = true;
    try {
      return await o.transport.dial(peer);
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new KianaError('pairing-no-answer', 'nobody holding this link answered', {
    cause: lastError,
  });
}

/**
 * Joins an invitation and returns the pairing to store.
 *
 * @throws KianaError `pairing-no-answer`, `pairing-used`, `pairing-expired`, `pairing-mismatch`,
 *   `pairing-refused`, `cancelled` (the person said no)
 */
export async function joinInvite(o: JoinOptions): Promise<Pairing> {
  let present: readonly Presence[] = [];
  o.transport.listen({
    channel: (channel) => channel.close(),
    present: (list) => (present = list),
    state: () => undefined,
  });
  await o.transport.announce([o.invite.secret]);
  const deadline = Date.now() + (o.findMs ?? JOIN_FIND_MS);
  // Another device that held the same token a moment ago (an earlier joiner still closing) may
  // be listed too: it closes our channel without a word, and we try the next one.
  const passed = new Set<string>();
  for (;;) {
    const channel = await findInviter(o, () => present, passed, deadline);
    const pipe = new ControlPipe(channel);
    const handshake = new JoinerHandshake(o.crypto, o.me, o.invite, {
      local: channel.localFingerprint,
      remote: channel.remoteFingerprint,
    });
    pipe.send(handshake.request());
    let offer: ControlMessage;
    try {
      offer = await pipe.next(30_000, 'pairing-no-answer');
    } catch (error) {
      pipe.closeSoon();
      if (pipe.answered || Date.now() > deadline) throw error;
      passed.add(channel.remote);
      continue;
    }
    return await converse(o, pipe, handshake, offer);
  }
}

/** Rejects with `cancelled` when `signal` aborts; never settles without one. */
function aborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise<never>((_resolve, reject) => {
    const fail = (): void => reject(new KianaError('cancelled', 'the person stopped waiting'));
    if (signal?.aborted === true) fail();
    else signal?.addEventListener('abort', fail, { once: true });
  });
}

/** The rest of the joiner's side, once the inviter has answered the request. */
async function converse(
  o: JoinOptions,
  pipe: ControlPipe,
  handshake: JoinerHandshake,
  offer: ControlMessage,
): Promise<Pairing> {
  try {
    if (offer.t === 'pair-refused') throw new KianaError(refusalCode(offer.reason), offer.reason);
    if (offer.t !== 'pair-offer') throw new KianaError('bad-message', 'not an offer');
    let preview: PeerPreview;
    try {
      preview = handshake.receiveOffer(offer);
    } catch (error) {
      pipe.send({ t: 'pair-refused', reason: 'mismatch' });
      throw error;
    }
    if (!(await o.decide(preview))) {
      pipe.send({ t: 'pair-refused', reason: 'cancelled' });
      throw new KianaError('cancelled', 'the person did not pair');
    }
    const { message, pairing } = handshake.confirm(o.now());
    pipe.send(message);
    let done: ControlMessage;
    try {
      // The inviter's person may take a while to press Allow.
      done = await Promise.race([pipe.next(ANSWER_MS), aborted(o.signal)]);
    } catch (error) {
      if (o.signal?.aborted === true) pipe.send({ t: 'pair-refused', reason: 'cancelled' });
      throw error;
    }
    if (done.t === 'pair-refused') throw new KianaError(refusalCode(done.reason), done.reason);
    if (done.t !== 'pair-done') throw new KianaError('bad-message', 'not pair-done');
    return pairing;
  } finally {
    pipe.closeSoon();
  }
}
