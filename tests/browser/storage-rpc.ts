/**
 * Drives the store through its typed RPC from Node: `page.evaluate` calls the app's own
 * `kianaStore()` client, so every call takes the real path (tab election, BroadcastChannel relay,
 * worker, SQLite on OPFS). Errors come back as their `KianaError` code.
 */
import type { Page } from 'playwright-core';
import type { ArgsIn, ResultOf } from '../../src/core/api/contract.ts';
import type { StoreContract } from '../../src/core/api/store.ts';
import type { StoreTestContract } from '../../src/core/api/store-test.ts';

export type Method = keyof StoreContract;
/** The methods only the test build's store serves (src/core/api/store-test.ts). */
export type TestMethod = keyof StoreTestContract;

/** A failed call: the error's code and message as the page saw them. */
export class CallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; code: string; message: string };

/** Calls `method` in `page`'s store client; rejects with `CallError` carrying the code. */
export function call<K extends Method>(
  page: Page,
  method: K,
  args: ArgsIn<StoreContract[K]>,
  timeoutMs = 30_000,
): Promise<ResultOf<StoreContract[K]>> {
  return invoke(page, method, args, timeoutMs) as Promise<ResultOf<StoreContract[K]>>;
}

/** Calls one of the test build's store methods, like `call`. */
export function callTest<K extends TestMethod>(
  page: Page,
  method: K,
  args: ArgsIn<StoreTestContract[K]>,
): Promise<ResultOf<StoreTestContract[K]>> {
  return invoke(page, method, args, 30_000) as Promise<ResultOf<StoreTestContract[K]>>;
}

async function invoke(page: Page, method: string, args: unknown, timeoutMs: number) {
  const outcome: Outcome = await page.evaluate(
    async ([m, a, t]) => {
      type Client = { call(m: string, a: unknown, o: { timeoutMs: number }): Promise<unknown> };
      const store = (globalThis as unknown as { kianaStore(): Client }).kianaStore();
      try {
        return { ok: true as const, value: await store.call(m, a, { timeoutMs: t }) };
      } catch (e) {
        const err = e as { code?: unknown; message?: unknown };
        return { ok: false as const, code: String(err.code), message: String(err.message) };
      }
    },
    [method, args, timeoutMs] as const,
  );
  if (!outcome.ok) throw new CallError(outcome.code, outcome.message);
  return outcome.value;
}

/** The code a call failed with, or 'ok'. */
export async function codeOf<K extends Method>(
  page: Page,
  method: K,
  args: ArgsIn<StoreContract[K]>,
): Promise<string> {
  try {
    await call(page, method, args);
    return 'ok';
  } catch (e) {
    return e instanceof CallError ? e.code : 'not-a-call-error';
  }
}

/** Waits until the app's store hook exists on `page`. */
export async function storeReady(page: Page): Promise<void> {
  await page.waitForFunction(() => 'kianaStore' in globalThis);
}

/** The database as bytes, fetched through `db.export` (base64 across the page boundary). */
export async function exportBytes(page: Page): Promise<Uint8Array> {
  const b64 = await page.evaluate(async () => {
    type Client = { call(m: string, a: unknown): Promise<ArrayBuffer> };
    const store = (globalThis as unknown as { kianaStore(): Client }).kianaStore();
    const bytes = new Uint8Array(await store.call('db.export', undefined));
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary);
  });
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** Sends `bytes` to `db.import`; resolves to the result or rejects with `CallError`. */
export async function importBytes(
  page: Page,
  bytes: Uint8Array,
): Promise<ResultOf<StoreContract['db.import']>> {
  const b64 = Buffer.from(bytes).toString('base64');
  const outcome: Outcome = await page.evaluate(async (data) => {
    type Client = { call(m: string, a: unknown): Promise<unknown> };
    const store = (globalThis as unknown as { kianaStore(): Client }).kianaStore();
    const bin = atob(data);
    const buf = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) buf[i] = bin.charCodeAt(i);
    try {
      return { ok: true as const, value: await store.call('db.import', { bytes: buf.buffer }) };
    } catch (e) {
      const err = e as { code?: unknown; message?: unknown };
      return { ok: false as const, code: String(err.code), message: String(err.message) };
    }
  }, b64);
  if (!outcome.ok) throw new CallError(outcome.code, outcome.message);
  return outcome.value as ResultOf<StoreContract['db.import']>;
}
