import AxeBuilder from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { openApp } from './devices.ts';
import { useSession } from './session.ts';

const ROUTES = ['capture', 'search', 'memories', 'devices', 'messages', 'settings'];

const session = useSession({ name: 'phone', mobile: true });

describe.each(['light', 'dark'] as const)('on a 360 px phone in %s mode', (scheme) => {
  it.each(ROUTES)(
    'the %s view neither scrolls sideways nor has serious a11y violations',
    async (route) => {
      await session.device.page.emulateMedia({ colorScheme: scheme });
      const page = await openApp(session.device, session.companion.url, `/#/${route}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);

      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(serious).toEqual([]);
    },
  );
});
