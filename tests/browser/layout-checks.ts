import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** How many px the page scrolls sideways (0 when it fits the viewport, as on a 360 px phone). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/** Axe's serious and critical violations as "rule: selectors" lines (empty when accessible). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
