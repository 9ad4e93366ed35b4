/**
 * Shell figures: app cold start to interactive (beside a blank page from the same server) and the
 * worker round trip of our typed RPC (beside a raw postMessage echo), in Chromium and in Node.
 */
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../tests/browser/chromium.ts';
import { TEST_DIST, startCompanion } from '../../tests/browser/companion-process.ts';
import { check, object } from '../../src/core/api/check.ts';
import { method } from '../../src/core/api/contract.ts';
import { RpcClient, serve } from '../../src/core/api/rpc.ts';
import type { Area, Figure } from '../figure.ts';

const COLD_RUNS = 15;
const ROUND_TRIPS = 1000;

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

async function coldStart(url: string): Promise<Figure> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const ours: number[] = [];
  const baseline: number[] = [];
  try {
    // Alternate the two so drift on a busy machine hits both alike; each sample is a fresh profile.
    for (let i = 0; i < COLD_RUNS; i++) {
      for (const which of ['app', 'blank'] as const) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const ms = await timed(async () => {
          if (which === 'app') {
            await page.goto(`${url}/`);
            await page.waitForSelector('html[data-ready="true"]');
          } else {
            await page.goto(`${url}/bench-blank.html`, { waitUntil: 'load' });
          }
        });
        (which === 'app' ? ours : baseline).push(ms);
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return {
    id: 'shell.cold-start',
    label: 'app cold start to interactive',
    runtime: 'chromium',
    ours,
    baselineLabel: 'blank page load',
    baseline,
  };
}

/** In-page script: times `n` echoes through a raw worker and through our store worker's RPC. */
function roundTripScript(workerPath: string, n: number): string {
  return `(async () => {
    async function measure(worker, message) {
      const samples = [];
      for (let i = 0; i < ${n} + 50; i++) {
        const started = performance.now();
        await new Promise((resolve) => {
          worker.onmessage = () => resolve();
          worker.postMessage(message(i));
        });
        if (i >= 50) samples.push(performance.now() - started); // the first 50 warm up
      }
      worker.terminate();
      return samples;
    }
    const raw = new Worker(URL.createObjectURL(
      new Blob(['onmessage = (e) => postMessage(e.data)'], { type: 'text/javascript' })));
    const ours = new Worker(${JSON.stringify(workerPath)}, { type: 'module' });
    return {
      baseline: await measure(raw, (i) => ({ value: i })),
      // The envelope our RpcClient sends; the worker side is our real serve() and handlers.
      ours: await measure(ours, (i) => ({ kind: 'req', id: i + 1, method: 'echo', args: { value: i } })),
    };
  })()`;
}

async function browserRoundTrip(url: string, workerPath: string): Promise<Figure> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(`${url}/bench-blank.html`);
    // A string, not a function: tsx's keepNames would inject a `__name` helper the page lacks.
    const result = await page.evaluate<{ ours: number[]; baseline: number[] }>(
      roundTripScript(workerPath, ROUND_TRIPS),
    );
    return {
      id: 'shell.worker-rpc.chromium',
      label: 'store worker RPC round trip',
      runtime: 'chromium',
      ours: result.ours,
      baselineLabel: 'raw postMessage echo',
      baseline: result.baseline,
    };
  } finally {
    await browser.close();
  }
}

async function nodeRoundTrip(): Promise<Figure> {
  const measure = async (call: (i: number) => Promise<unknown>): Promise<number[]> => {
    const samples: number[] = [];
    for (let i = 0; i < ROUND_TRIPS + 50; i++) {
      const ms = await timed(() => call(i));
      if (i >= 50) samples.push(ms);
    }
    return samples;
  };
  const rpcChannel = new MessageChannel();
  // The same shape of contract the store worker's `echo` has: the argument check is measured too.
  const contract = { echo: method(object({ value: check((v) => v) })).returns<unknown>() };
  serve(rpcChannel.port1, contract, { echo: ({ value }) => value });
  const client = new RpcClient<typeof contract>(rpcChannel.port2);
  const rawChannel = new MessageChannel();
  rawChannel.port1.onmessage = (e: MessageEvent) => rawChannel.port1.postMessage(e.data);
  const rawCall = (i: number) =>
    new Promise((resolve) => {
      rawChannel.port2.onmessage = resolve;
      rawChannel.port2.postMessage({ value: i });
    });
  try {
    const ours = await measure((i) => client.call('echo', { value: i }));
    const baseline = await measure(rawCall);
    return {
      id: 'shell.worker-rpc.node',
      label: 'RPC round trip over a MessageChannel',
      runtime: 'node',
      ours,
      baselineLabel: 'raw MessagePort echo',
      baseline,
    };
  } finally {
    for (const c of [rpcChannel, rawChannel]) {
      c.port1.close();
      c.port2.close();
    }
  }
}

async function findStoreWorker(dist: string): Promise<string> {
  const assets = await readdir(join(dist, 'assets'));
  const worker = assets.find((f) => f.startsWith('store.worker') && f.endsWith('.js'));
  if (!worker) throw new Error('no store.worker-*.js in the test build: `npm run build:test`');
  return `/assets/${worker}`;
}

export const shellArea: Area = {
  name: 'shell',
  async run() {
    // A copy of the build with one blank page beside it: the baseline comes from the same server.
    // The test build: its store worker answers `echo` (it differs from production only by hooks).
    const dist = await mkdtemp(join(tmpdir(), 'kiana-bench-dist-'));
    await cp(TEST_DIST, dist, { recursive: true });
    await writeFile(join(dist, 'bench-blank.html'), '<!doctype html><title>blank</title>');
    const companion = await startCompanion({ dist });
    try {
      const workerPath = await findStoreWorker(dist);
      return [
        await coldStart(companion.url),
        await browserRoundTrip(companion.url, workerPath),
        await nodeRoundTrip(),
      ];
    } finally {
      await companion.stop();
      await rm(dist, { recursive: true, force: true });
    }
  },
};
