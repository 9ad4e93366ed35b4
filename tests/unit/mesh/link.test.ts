/**
 * A link's phases are entered only through its transitions, each from the phase before it; a
 * transition out of order is refused and leaves the link as it was.
 */
import { describe, expect, it } from 'vitest';
import type { KianaError } from '@kiana/shared/errors';
import { dataFrames } from '@kiana/shared/protocol/frames';
import { HELLO, openLink as link, PHONE as PEER, refusal } from './link-helpers.ts';
import { until } from './mesh-helpers.ts';

describe('a link', () => {
  it('goes opening → hello → resume → up, learning the device at the proof and the hello after', async () => {
    const { link: l } = await link();
    expect([l.phase, l.deviceId, l.hello]).toEqual(['opening', undefined, undefined]);
    l.markProven(PEER);
    expect([l.phase, l.deviceId, l.hello]).toEqual(['hello', PEER, undefined]);
    l.markGreeted(HELLO);
    expect([l.phase, l.hello]).toEqual(['resume', HELLO]);
    l.markUp();
    expect(l.phase).toBe('up');
    l.close();
    expect(l.phase).toBe('closed');
  });

  it('refuses a transition out of order and stays where it was', async () => {
    const { link: l } = await link();
    expect(refusal(() => l.markUp())).toBe('internal');
    expect(refusal(() => l.markGreeted(HELLO))).toBe('internal');
    expect([l.phase, l.hello]).toEqual(['opening', undefined]);
    l.markProven(PEER);
    expect(refusal(() => l.markProven(PEER))).toBe('internal');
    expect(refusal(() => l.markUnpairing())).toBe('internal');
    expect(refusal(() => l.markUp())).toBe('internal');
    expect(l.phase).toBe('hello');
    l.markGreeted(HELLO);
    l.markUp();
    expect(refusal(() => l.markUp())).toBe('internal');
    expect(l.phase).toBe('up');
  });

  it('carries a removed device only to its unpair: it never learns a device nor goes up', async () => {
    const { link: l } = await link();
    l.markUnpairing();
    expect([l.phase, l.deviceId]).toEqual(['unpairing', undefined]);
    expect(refusal(() => l.markGreeted(HELLO))).toBe('internal');
    expect(refusal(() => l.markUp())).toBe('internal');
    expect(l.phase).toBe('unpairing');
  });

  it('stays closed: no transition leaves `closed`, and it reports the close once', async () => {
    const { link: l, closed } = await link();
    l.close();
    l.close();
    expect(refusal(() => l.markProven(PEER))).toBe('internal');
    expect(l.phase).toBe('closed');
    expect(closed).toEqual([l.id]);
  });

  it('closes on a data frame before it is up, reporting the frame as bad', async () => {
    const { link: l, far, bad, closed } = await link();
    l.markProven(PEER);
    for (const frame of dataFrames(1, 'notes', new Uint8Array([1, 2, 3]))) far.send(frame);
    await until(() => closed.length > 0, 'the link closed');
    expect((bad[0] as KianaError | undefined)?.code).toBe('bad-message');
    expect(l.phase).toBe('closed');
    expect(closed).toEqual([l.id]);
  });
});
