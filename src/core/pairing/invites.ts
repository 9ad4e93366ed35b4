/**
 * The inviting device's book of pairing links: each is single-use and expires after five minutes.
 * The inviter enforces both (the companion only sees tokens, and the link could be copied), and
 * keeps used and expired links for a while longer so a late joiner gets a clear answer ("already
 * used", "expired") instead of silence. Time is injected, so tests can move it.
 */
import type { PairRefusal, PairingKind } from '@kiana/shared/protocol/mesh';

/** A link is good for five minutes. */
export const INVITE_TTL_MS = 5 * 60_000;
/** After that it still answers (with a refusal) for half an hour, then it is forgotten. */
export const INVITE_RETAIN_MS = 30 * 60_000;

export interface Invitation {
  readonly secret: Uint8Array;
  readonly kind: PairingKind;
  readonly createdAt: number;
  usedAt: number | null;
  revoked: boolean;
}

export class InviteBook {
  readonly #now: () => number;
  readonly #ttlMs: number;
  readonly #invites: Invitation[] = [];

  constructor(now: () => number, ttlMs: number = INVITE_TTL_MS) {
    this.#now = now;
    this.#ttlMs = ttlMs;
  }

  /** Opens a new invitation. */
  create(secret: Uint8Array, kind: PairingKind): Invitation {
    this.#forgetOld();
    const invite: Invitation = {
      secret,
      kind,
      createdAt: this.#now(),
      usedAt: null,
      revoked: false,
    };
    this.#invites.push(invite);
    return invite;
  }

  /** Why `invite` may not be used now, or null when it may. */
  check(invite: Invitation): PairRefusal | null {
    if (invite.usedAt !== null) return 'used';
    if (invite.revoked) return 'cancelled';
    if (this.#now() - invite.createdAt >= this.#ttlMs) return 'expired';
    return null;
  }

  /** Marks `invite` used; false when it was not usable any more (a second joiner lost a race). */
  use(invite: Invitation): boolean {
    if (this.check(invite) !== null) return false;
    invite.usedAt = this.#now();
    return true;
  }

  /** Withdraws `invite` (the person closed the panel or changed the kind). */
  revoke(invite: Invitation): void {
    invite.revoked = true;
  }

  /** Invitations that still answer, newest first. */
  live(): Invitation[] {
    this.#forgetOld();
    return [...this.#invites].reverse();
  }

  #forgetOld(): void {
    const now = this.#now();
    for (let i = this.#invites.length - 1; i >= 0; i--) {
      const invite = this.#invites[i];
      if (invite !== undefined && now - invite.createdAt >= INVITE_RETAIN_MS) {
        this.#invites.splice(i, 1);
      }
    }
  }
}
