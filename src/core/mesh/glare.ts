/**
 * Glare: two channels to one device at once — both sides dialed at the same moment, or the peer
 * restarted and dialed again before the old channel died. Both sides must keep the same one
 * without a word exchanged about it, so the choice depends only on what both sides know alike:
 * the hello sessions, which side dialed, the device ids, and (for channels dialed by the same
 * side) their order.
 */
import type { LinkPhase } from './link.ts';

/** What the choice reads of a channel (a {@link Link} is one). */
export interface GlareLink {
  readonly createdAt: number;
  readonly phase: LinkPhase;
  readonly channel: { readonly dialed: boolean };
  readonly deviceId: string | undefined;
  readonly hello: { readonly session: string } | undefined;
}

/**
 * Of two channels to one device, the one both sides keep: the newer if the peer restarted
 * (sessions differ) or both were dialed by the same side (the dialer gave up the older);
 * otherwise (both dialed at once) the one dialed by the smaller device id. `me` is our own id.
 */
export function preferred<T extends GlareLink>(a: T, b: T, me: string): T {
  const dialer = (l: T): string => (l.channel.dialed ? me : (l.deviceId ?? ''));
  const newer = a.createdAt >= b.createdAt ? a : b;
  if (a.hello?.session !== b.hello?.session) return newer;
  if (dialer(a) === dialer(b)) return newer;
  return dialer(a) < dialer(b) ? a : b;
}

/** The other channels to `link`'s device that are past their hello: its rivals. */
export function rivalsOf<T extends GlareLink>(link: T, links: Iterable<T>): T[] {
  return [...links].filter(
    (rival) =>
      rival !== link &&
      rival.deviceId === link.deviceId &&
      (rival.phase === 'resume' || rival.phase === 'up'),
  );
}
