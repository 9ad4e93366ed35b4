/**
 * How a channel becomes a peer's channel: the opening (challenge and proofs, opening.ts), then
 * the signed hellos (hello.ts), then `resume`, which attaches it to the peer (peer-state.ts).
 * Strangers are closed without a word; a device removed here while it was away proves the old
 * secret and is told `unpair`; of two channels to one device both sides keep the same one
 * (glare.ts). mesh.ts keeps the running channel (data, acks), heartbeat.ts its health.
 */
import type { DeviceId } from '@kiana/shared/ids';
import type { ControlMessage, HelloMessage, ResumeMessage } from '@kiana/shared/protocol/mesh';
import type { LocalParty } from '../pairing/types.ts';
import { preferred, rivalsOf } from './glare.ts';
import { checkHello, makeHello } from './hello.ts';
import type { Link } from './link.ts';
import { Opening, type OpeningCandidate, type OpeningCrypto } from './opening.ts';
import type { Outgoing, PeerState } from './peer-state.ts';
import type { MeshEvent } from './types.ts';

/** What admission needs from the mesh. */
export interface AdmissionHost {
  readonly crypto: OpeningCrypto;
  readonly session: string;
  /** A channel not past its proofs by then is closed (a stranger gets nothing but a nonce). */
  readonly openTimeoutMs: number;
  /** Monotonic and wall-clock milliseconds, for the peer's health and "last seen". */
  now(): number;
  wallClock(): number;
  me(): LocalParty;
  /** Every pairing and tombstone secret, for a dialer's proof. */
  candidates(): readonly OpeningCandidate[];
  peer(deviceId: DeviceId): PeerState | undefined;
  links(): Iterable<Link>;
  emit(event: MeshEvent): void;
  /** Do not dial this transport address again until nudged. */
  refuse(remote: string): void;
  /** The peer (proven) said `unpair`. */
  unpairedByPeer(link: Link, state: PeerState): void;
  protocolError(link: Link, why: string): void;
  /** `link` is the peer's link now, up; `again` are the messages to send again on it. */
  up(link: Link, state: PeerState, again: readonly Outgoing[]): void;
}

/** How long the frame `unpair` gets on the wire before its channel closes. */
const UNPAIR_GRACE_MS = 200;

export class Admission {
  readonly #h: AdmissionHost;
  readonly #openings = new WeakMap<Link, Opening>();

  constructor(host: AdmissionHost) {
    this.#h = host;
  }

  /** Opens a new channel: our challenge now, and a deadline for the peer's proof. */
  start(link: Link, pick?: OpeningCandidate): void {
    const opening = new Opening(
      this.#h.crypto,
      link.channel.dialed,
      link.binding,
      () => this.#h.candidates(),
      pick,
    );
    this.#openings.set(link, opening);
    link.sendControl(opening.challenge);
    setTimeout(() => {
      if (link.phase === 'opening') this.#h.protocolError(link, 'no proof in time');
    }, this.#h.openTimeoutMs);
  }

  /** A control message on a channel in phase `opening` or `hello`. */
  receive(link: Link, message: ControlMessage): void {
    const opening = this.#openings.get(link);
    if (opening === undefined) return link.close();
    if (link.phase === 'opening') return this.#open(link, opening, message);
    const state = link.deviceId === undefined ? undefined : this.#h.peer(link.deviceId);
    if (state === undefined) return link.close();
    switch (message.t) {
      case 'hello':
        return this.#onHello(link, opening, state, message);
      case 'unpair':
        return this.#h.unpairedByPeer(link, state);
      case 'refused':
        return this.refusedBy(link, state);
      default:
        return this.#h.protocolError(link, `${message.t} before the hello`);
    }
  }

  /** The peer refused us (it does not know us, or our hello did not verify): stop dialing it. */
  refusedBy(link: Link, state: PeerState): void {
    this.#h.emit({ type: 'refused', reason: 'refused-by-peer', name: state.pairing.name });
    this.#h.refuse(link.channel.remote);
    link.close();
  }

  #open(link: Link, opening: Opening, message: ControlMessage): void {
    const { send, step } = opening.receive(message);
    for (const m of send) link.sendControl(m);
    switch (step.kind) {
      case 'wait':
        return;
      case 'error':
        return this.#h.protocolError(link, step.why);
      case 'stranger':
        // No pairing fits: close without a word, so a stranger learns nothing about us.
        this.#h.emit({ type: 'refused', reason: 'stranger' });
        if (link.channel.dialed) this.#h.refuse(link.channel.remote);
        return link.close();
      case 'proven':
        return this.#proven(link, opening, step.candidate);
    }
  }

  #proven(link: Link, opening: Opening, candidate: OpeningCandidate): void {
    if (candidate.removed) {
      // We removed this device while it was away; it proved the old secret: tell it now.
      link.sendControl({ t: 'unpair' });
      link.markUnpairing();
      setTimeout(() => link.close(), UNPAIR_GRACE_MS);
      this.#h.emit({ type: 'told-removed', deviceId: candidate.deviceId });
      return;
    }
    link.markProven(candidate.deviceId);
    link.sendControl(
      makeHello(this.#h.crypto.primitives, this.#h.me(), this.#h.session, opening.view),
    );
  }

  #onHello(link: Link, opening: Opening, state: PeerState, message: HelloMessage): void {
    const p = this.#h.crypto.primitives;
    if (!checkHello(p, message, opening.view)) {
      link.sendControl({ t: 'refused', reason: 'bad-hello' });
      this.#h.emit({ type: 'refused', reason: 'bad-hello' });
      return link.close();
    }
    // Someone else holding the secret (a copy of it) is still not the device we paired.
    if (p.deviceIdOf(message.key) !== state.pairing.deviceId) {
      link.sendControl({ t: 'refused', reason: 'peer-unknown' });
      this.#h.emit({ type: 'refused', reason: 'stranger' });
      this.#h.refuse(link.channel.remote);
      return link.close();
    }
    link.markGreeted(message);
    if (state.rename(message.name)) {
      this.#h.emit({ type: 'renamed', deviceId: state.pairing.deviceId, name: message.name });
    }
    const me = this.#h.me().deviceId;
    for (const rival of rivalsOf(link, this.#h.links())) {
      const loser = preferred(link, rival, me) === link ? rival : link;
      loser.close();
      if (loser === link) return;
    }
    link.sendControl(state.resumeMessage());
  }

  /**
   * The peer's `resume` on a link past the hellos: sequence numbers are reconciled and the link
   * replaces the peer's old one, which is closed.
   */
  resume(link: Link, state: PeerState, message: ResumeMessage): void {
    if (link.phase !== 'resume') return this.#h.protocolError(link, 'second resume');
    const hello = link.hello;
    if (hello === undefined) return link.close();
    const again = state.resume(this.#h.session, hello.session, message);
    state.attach(link, this.#h.now(), this.#h.wallClock())?.close();
    this.#h.up(link, state, again);
  }
}
