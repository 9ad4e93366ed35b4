/**
 * How a channel becomes a peer's channel: the opening (challenge and proofs, opening.ts), then
 * the signed hellos (hello.ts), then `resume`. Strangers are closed without a word; a device
 * removed here while it was away proves the old secret and is told `unpair`; of two channels to
 * one device (glare, a restart) both sides keep the same one. Split from mesh.ts, which keeps
 * the running channel (heartbeats, data, resumption).
 */
import type { DeviceId } from '@kiana/shared/ids';
import type { ControlMessage, HelloMessage } from '@kiana/shared/protocol/mesh';
import type { LocalParty } from '../pairing/types.ts';
import { checkHello, makeHello } from './hello.ts';
import type { Link } from './link.ts';
import { Opening, type OpeningCandidate, type OpeningCrypto } from './opening.ts';
import type { PeerState } from './peer-state.ts';
import type { MeshEvent } from './types.ts';

/** What admission needs from the mesh. */
export interface AdmissionHost {
  readonly crypto: OpeningCrypto;
  readonly session: string;
  /** A channel not past its proofs by then is closed (a stranger gets nothing but a nonce). */
  readonly openTimeoutMs: number;
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
      link.phase = 'resume';
      setTimeout(() => link.close(), UNPAIR_GRACE_MS);
      this.#h.emit({ type: 'told-removed', deviceId: candidate.deviceId });
      return;
    }
    link.deviceId = candidate.deviceId;
    link.phase = 'hello';
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
    link.hello = message;
    link.phase = 'resume';
    if (message.name !== state.pairing.name) {
      state.pairing = { ...state.pairing, name: message.name };
      this.#h.emit({ type: 'renamed', deviceId: state.pairing.deviceId, name: message.name });
    }
    for (const rival of this.#h.links()) {
      if (rival === link || rival.deviceId !== link.deviceId) continue;
      if (rival.phase !== 'resume' && rival.phase !== 'up') continue;
      const loser = this.#prefer(link, rival) === link ? rival : link;
      loser.close();
      if (loser === link) return;
    }
    link.sendControl({ t: 'resume', peerSession: state.remoteSession ?? '', recv: state.recvSeq });
  }

  /**
   * Of two channels to one device, the one both sides keep: the newer if the peer restarted
   * (sessions differ) or both were dialed by the same side (the dialer gave up the older);
   * otherwise (both dialed at once: glare) the one dialed by the smaller device id.
   */
  #prefer(a: Link, b: Link): Link {
    const me = this.#h.me().deviceId;
    const dialer = (l: Link): string => (l.channel.dialed ? me : (l.deviceId ?? ''));
    const newer = a.createdAt >= b.createdAt ? a : b;
    if (a.hello?.session !== b.hello?.session) return newer;
    if (dialer(a) === dialer(b)) return newer;
    return dialer(a) < dialer(b) ? a : b;
  }
}
