/**
 * Warm models (issue #18 item 6), part `warm` of the `shell` area: with the L6-shaped bench model
 * installed, the app is reloaded, and a few seconds later (a person opening the app and starting
 * to type) a text is embedded through the app's ModelsState — the first save's or search's
 * embedding after a start. Beside it, in the same sample: the same wait, then the embed worker
 * restarted so its model is gone, and the first embedding again — the model loaded on demand, as
 * before the warm-up. A third figure sets the first embedding beside the next one (the floor).
 */
import type { Page } from 'playwright-core';
import { MODEL_SETS } from '../../tests/fixtures/models/generate.ts';
import type { Area, Figure } from '../figure.ts';
import { installModel, withModelsPage } from '../models-page.ts';

const MODEL_ID = MODEL_SETS.bench[0]?.id as string;
const SAMPLES = Number(process.env.KIANA_BENCH_WARM_N ?? 8);
/** From the app ready to the first embedding: a person opening the app and starting to type. */
const AFTER_MS = 3000;

/** The app's first embedding of a new text after `afterMs`, and the one after it. */
function firstEmbedding(page: Page, afterMs: number, restart: boolean, text: string) {
  return page.evaluate<{ first: number; next: number; loadedBefore: boolean }>(`(async () => {
    const models = kianaModels();
    await new Promise((r) => setTimeout(r, ${afterMs}));
    if (${restart}) kianaRestartEmbedder();
    const loadedBefore = models.engine !== null && !${restart};
    const started = performance.now();
    const a = await models.embed([${JSON.stringify(text)}]);
    const first = performance.now() - started;
    const again = performance.now();
    const b = await models.embed([${JSON.stringify(`${text}, again`)}]);
    if (!a || !b) throw new Error('no model');
    return { first, next: performance.now() - again, loadedBefore };
  })()`);
}

async function measure(page: Page): Promise<Figure[]> {
  await installModel(page, MODEL_ID);
  const warm: number[] = [];
  const cold: number[] = [];
  const next: number[] = [];
  let loadedBefore = 0;
  for (let i = 0; i < SAMPLES; i++) {
    for (const restart of i % 2 === 0 ? [false, true] : [true, false]) {
      await page.reload();
      await page.waitForSelector('html[data-ready="true"]');
      const text = `Remember to water the tomatoes, sample ${i}${restart ? ' cold' : ''}`;
      const r = await firstEmbedding(page, AFTER_MS, restart, text);
      if (restart) cold.push(r.first);
      else {
        warm.push(r.first);
        next.push(r.next);
        if (r.loadedBefore) loadedBefore++;
      }
    }
  }
  console.log(`  warm: the model was loaded before the first use in ${loadedBefore}/${SAMPLES}`);
  const label = `first embedding ${AFTER_MS / 1000} s after a reload, L6-shaped q8 model installed (ModelsState.embed, the first save's or search's)`;
  return [
    {
      id: 'shell.warm-first-embed',
      label,
      runtime: 'chromium',
      ours: warm,
      baselineLabel:
        'the same with the embed worker restarted first: the model loaded on demand, as before the warm-up',
      baseline: cold,
      goal: 'no model load on the first use',
    },
    {
      id: 'shell.warm-first-vs-next',
      label: `${label}, beside the next one`,
      runtime: 'chromium',
      ours: warm,
      baselineLabel: 'the next embedding right after it (the floor)',
      baseline: next,
    },
  ];
}

export const warmArea: Area = {
  name: 'shell',
  part: 'warm',
  run: () => withModelsPage('warm', measure),
};
