/**
 * Pairing with real parts: each side opens its own short-lived PeerJS transport through the
 * companion that serves the app (so any tab can pair, not only the one running the mesh), runs
 * the handshake from src/core/pairing, stores the pairing, fires the `paired` hook and asks the
 * mesh to pick the new pairing up.
 */
import { loadExchange } from '../core/crypto/exchange.ts';
import { loadPrimitives } from '../core/crypto/primitives.ts';
import type { HandshakeCrypto, PeerPreview } from '../core/pairing/handshake.ts';
import { InviteBook, type Invitation } from '../core/pairing/invites.ts';
import { InviteHost, joinInvite, type InviteEvent } from '../core/pairing/session.ts';
import type { LocalParty, Pairing } from '../core/pairing/types.ts';
import { formatInvite, INVITE_SECRET_BYTES, type Invite } from '@kiana/shared/protocol/invite';
import type { PairingKind } from '@kiana/shared/protocol/mesh';
import { getSetting } from './db.ts';
import { loadIdentity } from './identity.ts';
import type { MeshHost } from './mesh-host.ts';
import { emitPaired } from './pairing-events.ts';
import { savePairing } from './pairing-store.ts';
import { PeerjsTransport } from './peerjs-transport.ts';

/**
 * The clock invitations expire by. Tests move it forward (through the test build's hook in
 * src/app/test-hooks.ts) to see an expired link refused without waiting five minutes.
 */
export const inviteClock = {
  offsetMs: 0,
  now(): number {
    return Date.now() + this.offsetMs;
  },
};

async function context(): Promise<{ me: LocalParty; crypto: HandshakeCrypto }> {
  const [identity, primitives, exchange] = await Promise.all([
    loadIdentity(),
    loadPrimitives(),
    loadExchange(),
  ]);
  return { me: { ...identity.keys, name: identity.displayName }, crypto: { primitives, exchange } };
}

async function transport(): Promise<PeerjsTransport> {
  const turn = (await getSetting('turn')) ?? null;
  return PeerjsTransport.open({
    origin: location.origin,
    extraIceServers: () => (turn === null ? [] : [{ ...turn }]),
  });
}

/** The mesh host of this tab, told to pick a new pairing up. */
export type PairingMesh = Pick<MeshHost, 'reload'>;

async function keep(
  pairing: Pairing,
  role: 'inviter' | 'joiner',
  mesh: PairingMesh,
): Promise<void> {
  await savePairing(pairing);
  emitPaired({
    deviceId: pairing.deviceId,
    signKey: pairing.signKey,
    boxKey: pairing.boxKey,
    name: pairing.name,
    kind: pairing.kind,
    role,
  });
  mesh.reload();
}

/** The inviting side of this tab: one host for all its invitations. */
export class Inviter {
  readonly #host: InviteHost;
  readonly #fingerprint: LocalParty['deviceId'];

  private constructor(host: InviteHost, me: LocalParty) {
    this.#host = host;
    this.#fingerprint = me.deviceId;
  }

  /**
   * @param decide asks this device's person "Allow <name>?"; nothing is stored unless it
   *   resolves true
   */
  static async start(
    mesh: PairingMesh,
    onEvent: (event: InviteEvent) => void,
    decide: (invitation: Invitation, joiner: PeerPreview) => Promise<boolean>,
  ): Promise<Inviter> {
    const [{ me, crypto }, t] = await Promise.all([context(), transport()]);
    const host = new InviteHost({
      transport: t,
      me,
      crypto,
      book: new InviteBook(() => inviteClock.now()),
      now: () => Date.now(),
      store: (pairing) => keep(pairing, 'inviter', mesh),
      decide,
      onEvent,
    });
    return new Inviter(host, me);
  }

  /**
   * A new single-use invitation and its link.
   *
   * @param origin where the other device opens the link (pairing-origin.ts): this companion's
   *   LAN name when this page runs on localhost
   */
  async invite(
    kind: PairingKind,
    origin: string,
  ): Promise<{ invitation: Invitation; link: string }> {
    const secret = crypto.getRandomValues(new Uint8Array(INVITE_SECRET_BYTES));
    const invitation = await this.#host.open(secret, kind);
    const invite: Invite = { origin, secret, fingerprint: this.#fingerprint };
    return { invitation, link: formatInvite(invite) };
  }

  /** Withdraws an invitation (a joiner then hears "the other device stopped the pairing"). */
  revoke(invitation: Invitation): void {
    invitation.revoked = true;
  }

  close(): void {
    this.#host.close();
  }
}

/**
 * Joins the invitation in `invite`: finds the inviter, shows `decide` the preview, and stores
 * the pairing once both sides agreed.
 */
export async function join(
  mesh: PairingMesh,
  invite: Invite,
  decide: (inviter: PeerPreview) => Promise<boolean>,
  onFound: () => void,
  signal?: AbortSignal,
): Promise<Pairing> {
  const [{ me, crypto }, t] = await Promise.all([context(), transport()]);
  try {
    const pairing = await joinInvite({
      transport: t,
      invite,
      me,
      crypto,
      now: () => Date.now(),
      decide,
      onFound,
      signal,
    });
    await keep(pairing, 'joiner', mesh);
    return pairing;
  } finally {
    // Give the last frame a moment before the transport (and its channel) goes.
    setTimeout(() => t.close(), 1000);
  }
}
