/** Steps of the file and receipt browser tests: attach, read progress, hashes, mesh filters. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { FileStatus } from '../../src/core/api/messages-types.ts';
import { call } from './storage-rpc.ts';

/** `n` bytes that a generator, not a download, made (the same for the same seed). */
export function generated(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Picks `data` as a file with `Attach file` in the open conversation. */
export async function attachFile(page: Page, name: string, data: Buffer): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach file' }).click();
  await (await chooser).setFiles({ name, mimeType: 'application/octet-stream', buffer: data });
}

/** The file named `name` in `conversation` as `page`'s store knows it (undefined before). */
export async function fileStatus(
  page: Page,
  conversation: string,
  name: string,
): Promise<FileStatus | undefined> {
  const items = await call(page, 'messages.list', { conversation });
  const body = items.map((m) => m.body).find((b) => b.kind === 'file' && b.name === name);
  if (body?.kind !== 'file') return undefined;
  const files = await call(page, 'messages.files', { conversation });
  return files.find((f) => f.transfer === body.transfer);
}

/** Reloads the page (a same-document hash change would keep the page's state). */
export async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
}

/** SHA-256 of a whole file as `page`'s store gives it out (read in the page, hashed there). */
export function storedHash(page: Page, transfer: string): Promise<string> {
  return page.evaluate(async (t) => {
    const hooks = globalThis as unknown as {
      kianaStore(): { call(m: string, a: unknown): Promise<Uint8Array<ArrayBuffer>> };
    };
    const bytes = await hooks.kianaStore().call('messages.fileRead', { transfer: t });
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  }, transfer);
}

/** Presses `Save` on the file and returns the SHA-256 of what the browser downloaded. */
export async function savedHash(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  return sha256(await readFile(await (await download).path()));
}

export interface SendRule {
  drop?: number;
  tamperChunk?: number;
  dropChunksFrom?: number;
}

/** Applies `rule` to what `page`'s mesh sends on topic `msg` (test build hook). */
export function meshFilter(
  page: Page,
  rule: SendRule | null,
): Promise<{ dropped: number; tampered: number }> {
  return page.evaluate(async (r) => {
    const hooks = globalThis as unknown as {
      kianaTest: {
        meshFilter(t: string, r: unknown): Promise<{ dropped: number; tampered: number }>;
      };
    };
    return hooks.kianaTest.meshFilter('msg', r);
  }, rule);
}
