/**
 * A new phone paired with a laptop that holds a few thousand memories: the phone's Devices list
 * shows the first sync's progress (phase, "n of total", a bar) moving while it runs, then "all
 * memories in sync", and every memory is there. Two Chromium processes, the real companion, the
 * chain's bulk write path to fill the laptop.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { launchDevice, openApp, type Device } from './devices.ts';
import { item, pairThroughLink, rename } from './pairing-ui.ts';
import { useSession } from './session.ts';
import { call, storeReady } from './storage-rpc.ts';

const MEMORIES = 4_000;
const session = useSession({ name: 'laptop' }, { args: ['--stun-port', '0'] });

/** Names the device and leaves it on Devices with its store answering. */
async function ready(d: Device, name: string): Promise<Device> {
  await rename(d, session.companion.url, name);
  await openApp(d, session.companion.url, '/#/devices');
  await storeReady(d.page);
  return d;
}

interface Seen {
  phase: string;
  done: number;
  total: number;
  text: string;
}

/** In the page: keeps every progress label the Devices list shows, each change of it. */
function recorder(): void {
  const seen: unknown[] = [];
  (globalThis as unknown as { kianaSeenProgress: unknown[] }).kianaSeenProgress = seen;
  const look = (): void => {
    for (const el of document.querySelectorAll<HTMLElement>('[data-sync-phase]')) {
      const bar = el.querySelector('progress');
      seen.push({
        phase: el.dataset.syncPhase,
        done: Number(el.dataset.done),
        total: Number(el.dataset.total),
        text: el.textContent.trim(),
        bar: bar ? [bar.value, bar.max] : null,
      });
    }
  };
  new MutationObserver(look).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
}

/**
 * Records progress on `d` from now on, in this document and in any it loads later, so a value
 * shown only for a moment (the sync may start while the pairing dialog closes) is not missed.
 */
async function recordProgress(d: Device): Promise<void> {
  await d.context.addInitScript(recorder);
  await d.page.evaluate(recorder);
}

const seenOn = (d: Device): Promise<(Seen & { bar: [number, number] | null })[]> =>
  d.page.evaluate(
    () => (globalThis as unknown as { kianaSeenProgress: never[] }).kianaSeenProgress,
  );

const phones: Device[] = [];
afterAll(async () => {
  for (const d of phones) await d.dispose();
});

describe('pairing a new device into a large collection', () => {
  it(
    'shows the first sync moving with a count and a bar, then all memories present',
    { timeout: 400_000 },
    async () => {
      const laptop = await ready(session.device, 'Laptop');
      const phone = await ready(await launchDevice({ name: 'phone' }), 'Phone');
      phones.push(phone);
      for (let start = 0; start < MEMORIES; start += 1000) {
        const items = Array.from({ length: 1000 }, (_, i) => ({
          id: `m-${start + i}`,
          text: `Notiz ${start + i}: Kürbisse und Äpfel aus dem Garten`,
          source: 'typed' as const,
          tags: (start + i) % 4 === 0 ? ['garten'] : [],
        }));
        await call(laptop.page, 'memories.bulkPut', { items }, 120_000);
      }
      expect(await call(laptop.page, 'memories.count', {})).toBe(MEMORIES);

      await recordProgress(phone);
      await pairThroughLink(
        session.companion.url,
        { device: laptop, name: 'Laptop' },
        { device: phone, name: 'Phone' },
      );
      const count = () => call(phone.page, 'memories.count', {});
      await expect.poll(count, { timeout: 300_000, interval: 1000 }).toBe(MEMORIES);
      const row = item(phone.page, 'Laptop');
      await expect
        .poll(() => row.locator('[data-sync]').getAttribute('data-sync'), {
          timeout: 120_000,
          interval: 500,
        })
        .toBe('synced');
      // Once in sync, no bar is left behind.
      expect(await row.locator('progress').count()).toBe(0);

      const seen = await seenOn(phone);
      const midway = seen.filter((s) => s.done > 0 && s.done < s.total);
      expect(midway.length, JSON.stringify(seen.slice(0, 20))).toBeGreaterThan(0);
      for (const s of seen) {
        expect(['blocks', 'contents']).toContain(s.phase);
        // The words carry the same numbers as the bar, written as English writes them.
        const numbers = (s.text.match(/[\d,]+(?= of )|(?<= of )[\d,]+/g) ?? []).map((n) =>
          Number(n.replaceAll(',', '')),
        );
        expect(numbers).toEqual([s.done, s.total]);
        expect(s.bar).toEqual([s.done, s.total]);
      }

      const ids = new Set<string>();
      for (let offset = 0; offset < MEMORIES; offset += 500) {
        const { rows } = await call(phone.page, 'memories.list', { offset, limit: 500 });
        for (const m of rows) ids.add(m.id);
      }
      expect(ids.size).toBe(MEMORIES);
      const hits = await call(phone.page, 'memories.search', { query: 'Kürbisse', limit: 5 });
      expect(hits.total).toBe(MEMORIES);
    },
  );
});
