/**
 * Renders public/icons/icon.svg to the PNGs the web app manifest names, with the Chromium that
 * Playwright drives (no image library needed):
 *   icon-192.png, icon-512.png   the logo as drawn (rounded square, transparent corners)
 *   icon-maskable-512.png        full-bleed brand colour, logo inside the 80 % safe zone
 *
 * Run: npx tsx scripts/make-icons.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/browser/chromium.ts';
import { chromium, type Browser } from 'playwright-core';

const ICONS = fileURLToPath(new URL('../public/icons/', import.meta.url));
/** The logo's background; the maskable icon extends it to the edges. */
const BRAND = '#2f6f5e';
/**
 * Maskable icons may be cropped to any shape inside a centred circle of 80 % diameter. Scaling the
 * logo to 82 % keeps its white mark well inside that circle, with its own square blending into
 * the full-bleed background.
 */
const MASKABLE_SCALE = 0.82;

interface Target {
  file: string;
  size: number;
  maskable: boolean;
}

const TARGETS: Target[] = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
];

function pageFor(svg: string, { size, maskable }: Target): string {
  const logo = Math.round(maskable ? size * MASKABLE_SCALE : size);
  const background = maskable ? BRAND : 'transparent';
  return `<!doctype html><html><head><style>
    html, body { margin: 0; width: ${size}px; height: ${size}px; background: ${background}; }
    body { display: grid; place-items: center; }
    svg { display: block; width: ${logo}px; height: ${logo}px; }
  </style></head><body>${svg}</body></html>`;
}

async function render(browser: Browser, svg: string, target: Target): Promise<void> {
  const page = await browser.newPage({
    viewport: { width: target.size, height: target.size },
    deviceScaleFactor: 1,
  });
  try {
    await page.setContent(pageFor(svg, target));
    // The rounded corners of the plain icons stay transparent; the maskable one is opaque anyway.
    const png = await page.screenshot({ omitBackground: !target.maskable, type: 'png' });
    await writeFile(ICONS + target.file, png);
    console.log(`wrote public/icons/${target.file} (${png.byteLength} bytes)`);
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  const svg = await readFile(ICONS + 'icon.svg', 'utf8');
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
  });
  try {
    for (const target of TARGETS) await render(browser, svg, target);
  } finally {
    await browser.close();
  }
}

await main();
