/** Links on real loopback channels, for the tests of one link and of one peer's state. */
import type { KianaError } from '@kiana/shared/errors';
import type { DeviceId } from '@kiana/shared/ids';
import { Link, type LinkHandlers } from '../../../src/core/mesh/link.ts';
import { LoopbackNetwork } from '../../../src/core/mesh/loopback.ts';
import type { Channel } from '../../../src/core/mesh/transport.ts';
import { MESH_VERSION, type HelloMessage } from '@kiana/shared/protocol/mesh';

export const PHONE = 'abcdefghijklmnopqrstuvwxyz' as DeviceId;
export const OTHER = 'zyxwvutsrqponmlkjihgfedcba' as DeviceId;

/** A hello as a link keeps it (its signature is checked before, by admission). */
export const HELLO: HelloMessage = {
  t: 'hello',
  v: MESH_VERSION,
  key: new Uint8Array(32),
  name: 'Phone',
  session: 'session-of-the-phone',
  sig: new Uint8Array(64),
};

/** A new link (phase `opening`) on one end of a loopback channel, and what it reported. */
export async function openLink(): Promise<{
  link: Link;
  far: Channel;
  bad: unknown[];
  closed: number[];
}> {
  const network = new LoopbackNetwork();
  const b = network.transport();
  let far: Channel | undefined;
  b.listen({ channel: (c) => (far = c), present: () => undefined, state: () => undefined });
  const near = await network.transport().dial(b.self);
  if (far === undefined) throw new Error('no far end');
  const bad: unknown[] = [];
  const closed: number[] = [];
  const handlers: LinkHandlers = {
    control: () => undefined,
    message: () => undefined,
    bad: (_l, error) => bad.push(error),
    closed: (l) => closed.push(l.id),
  };
  return { link: new Link(near, 0, handlers), far, bad, closed };
}

/** A link proven for `device` and past the hellos (phase `resume`). */
export async function greetedLink(device: DeviceId = PHONE): Promise<Link> {
  const { link } = await openLink();
  link.markProven(device);
  link.markGreeted(HELLO);
  return link;
}

/** The code `step` throws with, or undefined when it does not throw. */
export function refusal(step: () => unknown): string | undefined {
  try {
    step();
  } catch (error) {
    return (error as KianaError).code;
  }
  return undefined;
}
