/**
 * Of two channels to one device both sides keep the same one, each deciding alone from what it
 * sees: the channel's dialer, the hello sessions and, on one side only, the order they opened.
 */
import { describe, expect, it } from 'vitest';
import { preferred, rivalsOf, type GlareLink } from '../../../src/core/mesh/glare.ts';
import type { LinkPhase } from '../../../src/core/mesh/link.ts';

const LAPTOP = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const PHONE = 'bbbbbbbbbbbbbbbbbbbbbbbbbb';

interface Seen extends GlareLink {
  readonly name: string;
}

/** One channel as one side sees it. */
function seen(
  name: string,
  peer: string,
  dialedHere: boolean,
  createdAt: number,
  session = 'peer-session',
  phase: LinkPhase = 'resume',
): Seen {
  return {
    name,
    createdAt,
    phase,
    channel: { dialed: dialedHere },
    deviceId: peer,
    hello: { session },
  };
}

describe('glare', () => {
  it('keeps, on both sides, the channel the smaller device id dialed when both dialed at once', () => {
    // x dialed by the laptop, y by the phone; each side saw them open in a different order.
    const atLaptop = [seen('x', PHONE, true, 2), seen('y', PHONE, false, 1)] as const;
    const atPhone = [seen('x', LAPTOP, false, 1), seen('y', LAPTOP, true, 2)] as const;
    expect(preferred(...atLaptop, LAPTOP).name).toBe('x');
    expect(preferred(...atPhone, PHONE).name).toBe('x');
    expect(preferred(atLaptop[1], atLaptop[0], LAPTOP).name).toBe('x');
  });

  it('keeps the newer channel when both were dialed by the same side', () => {
    expect(preferred(seen('old', PHONE, true, 1), seen('new', PHONE, true, 2), LAPTOP).name).toBe(
      'new',
    );
    expect(
      preferred(seen('new', LAPTOP, false, 9), seen('old', LAPTOP, false, 3), PHONE).name,
    ).toBe('new');
  });

  it('keeps the newer channel when the peer restarted (its sessions differ)', () => {
    const before = seen('before', PHONE, true, 1, 'first');
    const after = seen('after', PHONE, false, 2, 'second');
    expect(preferred(before, after, LAPTOP).name).toBe('after');
    expect(preferred(after, before, LAPTOP).name).toBe('after');
  });

  it('counts as rivals only other channels to the same device that are past their hello', () => {
    const link = seen('link', PHONE, true, 5);
    const links = [
      link,
      seen('rival', PHONE, false, 1),
      seen('up', PHONE, false, 2, 'peer-session', 'up'),
      seen('proving', PHONE, false, 3, 'peer-session', 'hello'),
      seen('closed', PHONE, false, 4, 'peer-session', 'closed'),
      seen('elsewhere', LAPTOP, false, 6),
    ];
    expect(rivalsOf(link, links).map((l) => l.name)).toEqual(['rival', 'up']);
  });
});
