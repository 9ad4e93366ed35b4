import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCompanion, type CompanionProcess } from './companion-process.ts';
import { launchDevice, openApp, type Device } from './devices.ts';

const ROUTES = ['capture', 'search', 'memories', 'devices', 'messages', 'settings'];

let companion: CompanionProcess;
let phone: Device;

beforeAll(async () => {
  companion = await startCompanion();
  phone = await launchDevice({ name: 'phone', mobile: true });
});

afterAll(async () => {
  await phone.dispose();
  await companion.stop();
});

describe.each(['light', 'dark'] as const)('on a 360 px phone in %s mode', (scheme) => {
  it.each(ROUTES)(
    'the %s view neither scrolls sideways nor has serious a11y violations',
    async (route) => {
      await phone.page.emulateMedia({ colorScheme: scheme });
      const page = await openApp(phone, companion.url, `/#/${route}`);
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
