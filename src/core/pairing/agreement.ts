/**
 * The inviter's wait for two answers that may come in either order: the joiner's confirmation
 * over the channel and its own person's Allow or Deny. Either side saying no (or leaving) ends
 * it at once, so a person who denies does not wait for the joiner, and a joiner who cancels
 * clears the inviter's question.
 */
import { KianaError } from '@kiana/shared/errors';
import type { ControlMessage, PairConfirm, PairRefusal } from '@kiana/shared/protocol/mesh';
import type { ControlPipe } from './pipe.ts';

export type Agreement =
  | { readonly ok: true; readonly confirm: PairConfirm }
  /** `denied`: our person said no (or did not answer in time); else the joiner's reason. */
  | { readonly ok: false; readonly reason: PairRefusal };

/** Rejects with `timeout` unless `promise` settles within `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new KianaError('timeout', 'no answer in time')), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

function fromJoiner(reply: ControlMessage): Agreement {
  if (reply.t === 'pair-refused') return { ok: false, reason: reply.reason };
  if (reply.t !== 'pair-confirm') throw new KianaError('bad-message', 'not a confirmation');
  return { ok: true, confirm: reply };
}

/**
 * Waits up to `ms` for both the joiner's `pair-confirm` on `pipe` and `allowed` (the person's
 * answer), stopping at the first no.
 *
 * @throws KianaError `timeout` (the joiner did not answer), `bad-message`, or the pipe's failure
 */
export async function agreement(
  pipe: ControlPipe,
  allowed: Promise<boolean>,
  ms: number,
): Promise<Agreement> {
  const joiner = pipe.next(ms).then(fromJoiner);
  // The person not answering in time is a no, never a yes.
  const person = within(allowed, ms).catch(() => false);
  joiner.catch(() => undefined); // the loser of the race may fail later; nobody awaits it then
  const first = await Promise.race([joiner, person]);
  if (first === false) return { ok: false, reason: 'denied' };
  if (first === true) {
    return await joiner;
  }
  if (!first.ok) return first;
  // The joiner may still leave while our person decides (Cancel, a closed tab): then it would
  // never read `pair-done`, so we must not store either.
  const left = pipe.next(ms).then(
    (m): Agreement => ({ ok: false, reason: m.t === 'pair-refused' ? m.reason : 'cancelled' }),
    (): Agreement => ({ ok: false, reason: 'cancelled' }),
  );
  const second = await Promise.race([person, left]);
  if (typeof second !== 'boolean') return second;
  return second ? first : { ok: false, reason: 'denied' };
}
