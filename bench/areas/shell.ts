/**
 * Shell figures: cold start in a new browser process and profile per sample (cold-start.ts), a
 * real store call's round trip in Chromium (beside a raw postMessage echo) and our typed RPC
 * over a MessageChannel in Node.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../tests/browser/chromium.ts';
import { TEST_DIST, startCompanion } from '../../tests/browser/companion-process.ts';
import { check, object } from '../../src/core/api/check.ts';
import { method } from '../../src/core/api/contract.ts';
import { RpcClient, serve } from '../../src/core/api/rpc.ts';
import type { Area, Figure } from '../figure.ts';
import { coldStartFigures } from './cold-start.ts';

const ROUND_TRIPS = 1000;

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/**
 * In the app page: one stored memory read back `n` times through the store (RPC, the worker's
 * argument check, SQLite), interleaved with a raw postMessage echo on a worker of the page's own.
 */
function roundTripScript(n: number): string {
  return `(async () => {
    while (!globalThis.kianaStore) await new Promise((r) => setTimeout(r, 5));
    const store = globalThis.kianaStore();
    await store.call('memories.put', { id: 'rpc-bench', text: 'a memory read back', source: 'typed' });
    const raw = new Worker(URL.createObjectURL(
      new Blob(['onmessage = (e) => postMessage(e.data)'], { type: 'text/javascript' })));
    const echo = (i) => new Promise((resolve) => { raw.onmessage = resolve; raw.postMessage({ value: i }); });
    const ours = [];
    const baseline = [];
    for (let i = 0; i < ${n} + 50; i++) {
      let started = performance.now();
      const memory = await store.call('memories.get', { id: 'rpc-bench' });
      const a = performance.now() - started;
      if (!memory) throw new Error('the stored memory is missing');
      started = performance.now();
      await echo(i);
      const b = performance.now() - started;
      if (i >= 50) { ours.push(a); baseline.push(b); } // the first 50 warm up
    }
    raw.terminate();
    return { ours, baseline };
  })()`;
}

async function browserRoundTrip(url: string): Promise<Figure> {
  const dir = await mkdtemp(join(tmpdir(), 'kiana-bench-rpc-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${url}/`);
    // A string, not a function: tsx's keepNames would inject a `__name` helper the page lacks.
    const result = await page.evaluate<{ ours: number[]; baseline: number[] }>(
      roundTripScript(ROUND_TRIPS),
    );
    return {
      id: 'shell.worker-rpc.chromium',
      label: 'store call round trip: memories.get of a stored memory (RPC, check, SQLite)',
      runtime: 'chromium',
      ours: result.ours,
      baselineLabel: 'raw postMessage echo on a worker of the same page',
      baseline: result.baseline,
    };
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
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

export const shellArea: Area = {
  name: 'shell',
  async run() {
    // A copy of the build with one blank page beside it: the baseline comes from the same server.
    // The test build: the page offers `kianaStore()` (it differs from production only by hooks).
    const dist = await mkdtemp(join(tmpdir(), 'kiana-bench-dist-'));
    await cp(TEST_DIST, dist, { recursive: true });
    await writeFile(join(dist, 'bench-blank.html'), '<!doctype html><title>blank</title>');
    const companion = await startCompanion({ dist });
    try {
      return [
        ...(await coldStartFigures(companion.url)),
        await browserRoundTrip(companion.url),
        await nodeRoundTrip(),
      ];
    } finally {
      await companion.stop();
      await rm(dist, { recursive: true, force: true });
    }
  },
};
