import { describe, expect, it } from 'vitest';
import { openApp } from './devices.ts';
import { seriousViolations, sidewaysOverflow } from './layout-checks.ts';
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
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page)).toEqual([]);
    },
  );
});
