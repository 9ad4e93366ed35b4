/**
 * Benches that measure model workers in the real app: the generated bench models, a companion
 * serving them as its /models/ mirror, and one headless Chromium with an on-disk profile whose
 * page is the app's Settings view, ready for `page.evaluate` through the test hooks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/browser/chromium.ts';
import { ROOT, startCompanion } from '../tests/browser/companion-process.ts';
import { ensureTestModels } from '../tests/fixtures/models/generate.ts';

/** Runs `measure` with the page and the folder of the bench models; cleans up after. */
export async function withModelsPage<T>(
  name: string,
  measure: (page: Page, dir: string) => Promise<T>,
): Promise<T> {
  const dir = join(ROOT, '.cache', 'bench-models');
  await ensureTestModels(dir, 'bench');
  const companion = await startCompanion({ args: ['--models', dir] });
  const profile = await mkdtemp(join(tmpdir(), `kiana-bench-${name}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${companion.url}/#/settings`);
    await page.waitForSelector('html[data-ready="true"]');
    return await measure(page, dir);
  } finally {
    await context.close();
    await companion.stop();
    await rm(profile, { recursive: true, force: true });
  }
}

/** Downloads a model of the bench set (all its files) into OPFS through the app's model manager. */
export async function installModel(page: Page, id: string): Promise<void> {
  await page.waitForFunction(() => 'kianaModels' in globalThis);
  await page.evaluate(`(async () => {
    const models = kianaModels();
    await models.refresh();
    const entry = models.models.find((m) => m.id === ${JSON.stringify(id)});
    await models.download(entry);
    const status = models.statusOf(entry);
    if (status.phase !== 'ready') throw new Error('download failed: ' + String(status.error));
  })()`);
}
