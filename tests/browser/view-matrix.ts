/**
 * Every view in every combination people use: a phone (390×844) and a laptop (1280×800), light
 * and dark, English and German. `npm run screenshots` photographs them (scripts/screenshots.ts);
 * tests/browser/views-layout.test.ts checks them for sideways scrolling, clipped text and axe.
 */
import type { Page } from 'playwright-core';
import type { DeviceOptions } from './devices.ts';
import { call } from './storage-rpc.ts';

export const VIEWS = ['capture', 'search', 'memories', 'devices', 'messages', 'settings'] as const;
export type View = (typeof VIEWS)[number];

export const SCREENS = {
  phone: { viewport: { width: 390, height: 844 }, mobile: true },
  laptop: { viewport: { width: 1280, height: 800 } },
} as const satisfies Record<string, DeviceOptions>;
export type Screen = keyof typeof SCREENS;

export const SCHEMES = ['light', 'dark'] as const;
export const LANGS = ['en', 'de'] as const;

export interface Look {
  readonly scheme: (typeof SCHEMES)[number];
  readonly lang: (typeof LANGS)[number];
}

export const LOOKS: readonly Look[] = SCHEMES.flatMap((scheme) =>
  LANGS.map((lang) => ({ scheme, lang })),
);

/**
 * Memories that stress a layout: long words, a URL, many tags, German compounds. Written through
 * the store (the test build's hook) so every list, count and search has something to show.
 */
const SAMPLES = [
  {
    text: 'Donaudampfschifffahrtsgesellschaftskapitänsmütze für Müller besorgen',
    tags: ['einkaufen', 'geburtstag', 'familie'],
  },
  {
    text: 'Read https://example.org/a/very/long/path/that/does/not/break/anywhere/at/all/index.html later',
    tags: ['reading', 'to do', 'links', 'someday', 'web'],
  },
  { text: 'Call the dentist on Monday morning about the appointment', tags: ['health'] },
];

/** Writes the sample memories once (idempotent: fixed ids). */
export async function seedSamples(page: Page): Promise<void> {
  for (const [n, sample] of SAMPLES.entries()) {
    await call(page, 'memories.put', { id: `layout-sample-${n}`, source: 'typed', ...sample });
  }
}

/** Opens `view` in the given look (the language through its mirror, as a reload restores it). */
export async function showView(page: Page, base: string, view: View, look: Look): Promise<void> {
  await page.emulateMedia({ colorScheme: look.scheme });
  await page.evaluate((lang) => localStorage.setItem('kiana:language', lang), look.lang);
  await page.goto(new URL(`/#/${view}`, base).href);
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  await page.getByRole('heading', { level: 1 }).waitFor();
  // Async parts (stats, lists, models) settle; the network is loopback only, so this is short.
  await page.waitForLoadState('networkidle');
}

/**
 * Elements whose text is cut: wider content than box (scrollWidth > clientWidth) where the
 * overflow is hidden or visible (a scroll container, `overflow-x: auto|scroll`, lets a person
 * scroll to the rest and is not counted; nor is text for screen readers only). Not counted either: elements that end in an ellipsis on
 * purpose AND carry their whole text in `title`, and single-line tag rows that fade out where
 * they are cut (`data-cut`) and list every tag in `title` (opening the memory shows them all).
 */
export async function clippedText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (el.clientWidth === 0 || el.scrollWidth <= el.clientWidth) continue;
      if (el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement) continue;
      const style = getComputedStyle(el);
      if (style.overflowX === 'auto' || style.overflowX === 'scroll') continue;
      // Text for screen readers only (.visually-hidden): a 1 px box on purpose, not shown.
      if (style.clipPath === 'inset(50%)' && el.clientWidth <= 1) continue;
      if (style.textOverflow === 'ellipsis' && el.title === el.textContent.trim()) continue;
      // A row that fades out where it is cut (`data-cut`) and lists all of it in `title`.
      if (el.dataset['cut'] !== undefined && el.title !== '') continue;
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${
        el.classList.length ? `.${[...el.classList].join('.')}` : ''
      }`;
      found.push(
        `${name} "${el.textContent.trim().slice(0, 40)}" (${el.scrollWidth} > ${el.clientWidth})`,
      );
    }
    return found;
  });
}
