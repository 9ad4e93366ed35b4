/**
 * Pairing as the person goes through it. `invite` is the inviting side (QR code, link, what the
 * joiner is doing); `joining` is the side that opened a link (find the inviter, confirm, done).
 * A pairing link opens the app at `#/devices/pair?…`; the fragment is read once and removed from
 * the address bar and history at once, so the secret does not linger.
 */
import type { PeerPreview } from '../core/pairing/handshake.ts';
import type { Invitation } from '../core/pairing/invites.ts';
import type { InviteEvent } from '../core/pairing/session.ts';
import { isInviteHash, parseInvite } from '@kiana/shared/protocol/invite';
import { KianaError } from '@kiana/shared/errors';
import type { PairRefusal, PairingKind } from '@kiana/shared/protocol/mesh';
import type { PairingOrigin } from '../platform/pairing-origin.ts';
import type { Inviter, PairingMesh } from '../platform/pairing-service.ts';

const service = () => import('../platform/pairing-service.ts');
const origins = () => import('../platform/pairing-origin.ts');

export type InviteStatus =
  | { readonly phase: 'waiting' }
  /** A joiner with the link is asking: "Allow <name>?" beside the words. */
  | { readonly phase: 'asking'; readonly name: string; readonly sas: readonly string[] }
  /** Allowed here; the joiner has yet to press Pair on its screen. */
  | { readonly phase: 'allowed'; readonly name: string; readonly sas: readonly string[] }
  | { readonly phase: 'paired'; readonly name: string }
  | { readonly phase: 'refused'; readonly reason: PairRefusal };

export class InviteState {
  open = $state(false);
  kind = $state<PairingKind>('device');
  link = $state('');
  qr = $state('');
  status = $state<InviteStatus>({ phase: 'waiting' });
  error = $state<unknown>(null);
  /** Where the link points, whether other devices reach it, and the CA step; null before. */
  reach = $state<PairingOrigin | null>(null);
  #inviter: Promise<Inviter> | undefined;
  #current: Invitation | undefined;
  #answer: ((yes: boolean) => void) | undefined;
  readonly #mesh: () => Promise<PairingMesh>;

  /** @param mesh this tab's mesh host, told to pick up a new pairing */
  constructor(mesh: () => Promise<PairingMesh>) {
    this.#mesh = mesh;
  }

  /** Opens the panel with a fresh invitation. */
  async show(): Promise<void> {
    this.open = true;
    await this.#renew();
  }

  async setKind(kind: PairingKind): Promise<void> {
    this.kind = kind;
    if (this.open) await this.#renew();
  }

  /** The person pressed Allow (true) or Deny (false) for the joiner being asked about. */
  answer(yes: boolean): void {
    const answer = this.#answer;
    this.#answer = undefined;
    if (answer === undefined) return;
    if (yes && this.status.phase === 'asking') this.status = { ...this.status, phase: 'allowed' };
    answer(yes);
  }

  /** Closes the panel; an unused invitation is withdrawn (and a pending question denied). */
  async hide(): Promise<void> {
    this.answer(false);
    this.open = false;
    if (this.#current !== undefined) (await this.#inviter)?.revoke(this.#current);
    this.#current = undefined;
    this.link = '';
    this.qr = '';
    this.reach = null;
  }

  async #renew(): Promise<void> {
    // A new link (another kind, or a fresh panel) ends any question about the old one, whose
    // events no longer reach this panel.
    const old = this.#current;
    this.#current = undefined;
    this.answer(false);
    this.error = null;
    this.status = { phase: 'waiting' };
    this.link = '';
    this.qr = '';
    try {
      // First: is the companion there, and which address can the other device open?
      const reach = await (await origins()).pairingOrigin();
      this.reach = reach;
      this.#inviter ??= Promise.all([service(), this.#mesh()]).then(([{ Inviter }, mesh]) =>
        Inviter.start(
          mesh,
          (e) => this.#onEvent(e),
          (i, joiner) => this.#ask(i, joiner),
        ),
      );
      const inviter = await this.#inviter;
      if (old !== undefined) inviter.revoke(old);
      const { invitation, link } = await inviter.invite(this.kind, reach.origin);
      this.#current = invitation;
      this.link = link;
      const { toDataURL } = await import('qrcode');
      this.qr = await toDataURL(link, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
    } catch (error) {
      this.#inviter = undefined;
      this.error = error;
    }
  }

  #ask(invitation: Invitation, joiner: PeerPreview): Promise<boolean> {
    if (invitation !== this.#current) return Promise.resolve(false);
    this.#answer?.(false);
    this.status = { phase: 'asking', name: joiner.name, sas: joiner.sas };
    return new Promise<boolean>((resolve) => (this.#answer = resolve));
  }

  #onEvent(event: InviteEvent): void {
    if (event.invite !== null && event.invite !== this.#current) return;
    // The joiner cancelled or the link ran out while we were asking: the question is moot.
    this.#answer = undefined;
    if (event.type === 'paired') {
      this.status = { phase: 'paired', name: event.pairing.name };
    } else {
      this.status = { phase: 'refused', reason: event.reason };
    }
  }
}

export type JoinPhase =
  | { readonly phase: 'idle' }
  | { readonly phase: 'finding' }
  | { readonly phase: 'confirm'; readonly inviter: PeerPreview }
  | { readonly phase: 'pairing'; readonly inviter: PeerPreview }
  | { readonly phase: 'done'; readonly name: string }
  | { readonly phase: 'error'; readonly error: unknown };

export class JoinState {
  state = $state<JoinPhase>({ phase: 'idle' });
  #answer: ((yes: boolean) => void) | undefined;
  /** Bumped by close(): a closed attempt that finishes later must not reopen the dialog. */
  #attempt = 0;
  /** Aborts the attempt in progress (closing while waiting for the inviter's Allow). */
  #abort: AbortController | undefined;
  readonly #mesh: () => Promise<PairingMesh>;

  /** @param mesh this tab's mesh host, told to pick up a new pairing */
  constructor(mesh: () => Promise<PairingMesh>) {
    this.#mesh = mesh;
  }

  /** Starts joining when the page was opened with a pairing link; returns whether it was one. */
  takeFromLocation(): boolean {
    if (!isInviteHash(location.hash)) return false;
    const link = location.href;
    history.replaceState(null, '', '#/devices');
    void this.start(link);
    return true;
  }

  async start(link: string): Promise<void> {
    const attempt = ++this.#attempt;
    const abort = new AbortController();
    this.#abort = abort;
    const set = (next: JoinPhase): void => {
      if (attempt === this.#attempt) this.state = next;
    };
    set({ phase: 'finding' });
    try {
      let invite;
      try {
        invite = parseInvite(link);
      } catch {
        throw new KianaError('pairing-invalid-link', 'not a pairing link');
      }
      const [{ join }, mesh] = await Promise.all([service(), this.#mesh()]);
      const pairing = await join(
        mesh,
        invite,
        (inviter) =>
          new Promise<boolean>((resolve) => {
            set({ phase: 'confirm', inviter });
            this.#answer = (yes) => {
              set(yes ? { phase: 'pairing', inviter } : { phase: 'idle' });
              resolve(yes);
            };
          }),
        () => undefined,
        abort.signal,
      );
      set({ phase: 'done', name: pairing.name });
    } catch (error) {
      const cancelled = error instanceof KianaError && error.code === 'cancelled';
      set(cancelled ? { phase: 'idle' } : { phase: 'error', error });
    }
  }

  /** The person pressed Pair (true) or Cancel (false). */
  answer(yes: boolean): void {
    this.#answer?.(yes);
    this.#answer = undefined;
  }

  close(): void {
    if (this.state.phase === 'confirm') this.answer(false);
    this.#abort?.abort();
    this.#attempt += 1;
    this.state = { phase: 'idle' };
  }
}
