/**
 * Every view at 390×844 and 1280×800, light and dark, English and German (the combinations
 * `npm run screenshots` photographs): nothing scrolls sideways, no text is cut off, and axe finds
 * no violation of any impact.
 */
import AxeBuilder from '@axe-core/playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApp } from './devices.ts';
import { sidewaysOverflow } from './layout-checks.ts';
import { useSession, type Session } from './session.ts';
import { storeReady } from './storage-rpc.ts';
import {
  LOOKS,
  SCREENS,
  VIEWS,
  clippedText,
  seedSamples,
  showView,
  type Screen,
} from './view-matrix.ts';

const sessions: Record<Screen, Session> = {
  phone: useSession({ name: 'phone', ...SCREENS.phone }),
  laptop: useSession({ name: 'laptop', ...SCREENS.laptop }),
};

describe.each(Object.keys(SCREENS) as Screen[])('on the %s', (screen) => {
  const session = sessions[screen];

  beforeAll(async () => {
    const page = await openApp(session.device, session.companion.url, '/#/capture');
    await storeReady(page);
    await seedSamples(page);
  });

  describe.each(LOOKS)('in $scheme, $lang', (look) => {
    for (const view of VIEWS) {
      it(`${view} fits, shows its whole text and passes axe`, async () => {
        const page = session.device.page;
        await showView(page, session.companion.url, view, look);
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
        expect(await clippedText(page)).toEqual([]);
        const { violations } = await new AxeBuilder({ page }).analyze();
        expect(
          violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        ).toEqual([]);
      });
    }
  });
});
