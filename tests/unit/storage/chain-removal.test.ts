/**
 * Removing a device at the store level (real SQLite stores linked in memory): the store signs the
 * removal, the others refuse the removed device's later block, every memory stays on every device,
 * and the removed device keeps its own data but may not write any more once it knows.
 */
import { describe, expect, it } from 'vitest';
import { KianaError } from '@kiana/shared/errors';
import { Net, mid } from './chain-net.ts';

const put = (text: string) => ({
  id: mid(text.split(' ')[0] ?? 'x'),
  text,
  source: 'typed' as const,
  tags: [],
});

describe('removing a device in the store', () => {
  it('refuses the removed device’s next write everywhere and keeps every memory', async () => {
    let now = 1_700_000_000_000;
    const clock = () => now;
    const net = new Net();
    const [a, b, k] = [await net.add(1, clock), await net.add(2, clock), await net.add(3, clock)];
    await net.pair(a, b);
    await net.pair(a, k);
    await net.pair(b, k);
    for (const [x, y] of [
      [a, b],
      [a, k],
      [b, k],
    ] as const)
      await net.connect(x, y);
    await net.run();
    await k.store.put(put('lost phone wrote this first'));
    await a.store.put(put('laptop wrote this'));
    await net.run();
    // The phone is lost: its links are cut, and A removes it.
    await net.disconnect(a, k);
    await net.disconnect(b, k);
    now += 1_000;
    expect(await a.store.removeDevice(k.id)).toBe(true);
    expect(await a.store.removeDevice(k.id)).toBe(false);
    await net.run();
    const active = async (d: typeof a) =>
      (await d.store.chainInfo()).authorities
        .filter((x) => x.active)
        .map((x) => x.device)
        .sort();
    for (const d of [a, b]) expect(await active(d)).toEqual([a.id, b.id].sort());
    // The phone, unaware, writes again and reaches A: its block is refused (the session may end
    // with the phone adopting A's branch before A asks for it), so neither A nor B shows it.
    now += 1_000;
    await k.store.put(put('late phone write'));
    await net.connect(a, k);
    await net.run();
    for (const d of [a, b]) {
      expect(Object.keys(await Net.shown(d)).sort()).toEqual(['laptop', 'lost']);
    }
    // The phone keeps all it had, its late write too; knowing now, it may not write again.
    expect(Object.keys(await Net.shown(k)).sort()).toEqual(['laptop', 'late', 'lost']);
    expect((await k.store.chainInfo()).authorities.find((x) => x.self)?.active).toBe(false);
    const refused = await k.store.put(put('never sealed')).catch((e: unknown) => e);
    expect(refused instanceof KianaError && refused.code).toBe('device-removed');
  });
});
