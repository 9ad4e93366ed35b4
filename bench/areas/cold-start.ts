/**
 * What a person gets when opening the app (issue #18, "the bench must measure what a user gets"),
 * in Chromium through the real companion: each sample a new browser process with a new on-disk
 * profile, so nothing is warm — no HTTP cache, no code cache, no service worker, a store that
 * opens a new database. Ours and its baseline alternate sample by sample.
 *
 * - shell visible: navigation → the shell is mounted with its handlers (`data-ready`), beside a
 *   blank page's load event.
 * - store answers: navigation → the first answer of a real store call (`memories.count`), beside
 *   a blank page whose own worker answers one message (the floor of "a page and a worker").
 * - first calls: the 20 `memories.get` calls right after that (cold code cache), beside the same
 *   calls once 500 have run in the same page.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../tests/browser/chromium.ts';
import type { Figure } from '../figure.ts';

const COLD_RUNS = 12;
const FIRST_CALLS = 20;
const WARM_CALLS = 500;

/** A new Chromium process on a new profile; `use` gets its page; both are removed after. */
async function freshBrowser<T>(use: (page: Page) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'kiana-bench-cold-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    serviceWorkers: 'allow',
  });
  try {
    return await use(context.pages()[0] ?? (await context.newPage()));
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** In the app page: waits for the store hook, then times `n` memories.get calls one by one. */
const storeCalls = (n: number) => `(async () => {
  while (!globalThis.kianaStore) await new Promise((r) => setTimeout(r, 2));
  const store = globalThis.kianaStore();
  const samples = [];
  for (let i = 0; i < ${n}; i++) {
    const started = performance.now();
    await store.call('memories.get', { id: 'cold-' + i });
    samples.push(performance.now() - started);
  }
  return samples;
})()`;

/** In the blank page: a worker of its own answering one message. */
const WORKER_ANSWERS = `(async () => {
  const worker = new Worker(URL.createObjectURL(
    new Blob(['onmessage = (e) => postMessage(e.data)'], { type: 'text/javascript' })));
  await new Promise((resolve) => { worker.onmessage = resolve; worker.postMessage(1); });
})()`;

interface AppSample {
  shell: number;
  store: number;
  first: number[];
  warm: number[];
}

async function appSample(url: string): Promise<AppSample> {
  return freshBrowser(async (page) => {
    const started = performance.now();
    await page.goto(`${url}/`, { waitUntil: 'commit' });
    const since = () => performance.now() - started;
    const shellShown = page.waitForSelector('html[data-ready="true"]').then(since);
    const answered = page.evaluate(storeCalls(1)).then(since);
    const [shell, store] = await Promise.all([shellShown, answered]);
    const first = await page.evaluate<number[]>(storeCalls(FIRST_CALLS));
    await page.evaluate(storeCalls(WARM_CALLS));
    const warm = await page.evaluate<number[]>(storeCalls(FIRST_CALLS));
    return { shell, store, first, warm };
  });
}

async function blankSample(url: string): Promise<{ load: number; worker: number }> {
  return freshBrowser(async (page) => {
    const started = performance.now();
    await page.goto(`${url}/bench-blank.html`, { waitUntil: 'load' });
    const load = performance.now() - started;
    await page.evaluate(WORKER_ANSWERS);
    return { load, worker: performance.now() - started };
  });
}

/** The cold-start figures, `COLD_RUNS` fresh processes for each side, interleaved. */
export async function coldStartFigures(url: string): Promise<Figure[]> {
  const app: AppSample[] = [];
  const blank: { load: number; worker: number }[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    if (i % 2 === 0) {
      app.push(await appSample(url));
      blank.push(await blankSample(url));
    } else {
      blank.push(await blankSample(url));
      app.push(await appSample(url));
    }
  }
  const fresh = 'a new browser process and profile per sample';
  return [
    {
      id: 'shell.cold-start',
      label: `cold start → shell visible (${fresh})`,
      runtime: 'chromium',
      ours: app.map((s) => s.shell),
      baselineLabel: 'blank page load, same',
      baseline: blank.map((s) => s.load),
    },
    {
      id: 'shell.cold-start-store',
      label: `cold start → store answers (memories.count; ${fresh}, a new database)`,
      runtime: 'chromium',
      ours: app.map((s) => s.store),
      baselineLabel: 'blank page load + its own worker answers, same',
      baseline: blank.map((s) => s.worker),
    },
    {
      id: 'shell.first-store-calls',
      label: `first ${FIRST_CALLS} store calls after a cold start (memories.get, cold code cache)`,
      runtime: 'chromium',
      ours: app.flatMap((s) => s.first),
      baselineLabel: `the same calls after ${WARM_CALLS} in the same page`,
      baseline: app.flatMap((s) => s.warm),
    },
  ];
}
