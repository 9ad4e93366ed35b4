/**
 * What the chain browser tests look at on a device: the memories it shows and whether a text is
 * anywhere in its origin private file system.
 */
import type { Page } from 'playwright-core';
import { call } from './storage-rpc.ts';

/** The memories a device shows, id → "text [tags]", for comparing devices. */
export async function shown(page: Page): Promise<Record<string, string>> {
  const list = await call(page, 'memories.list', { limit: 500 });
  return Object.fromEntries(list.rows.map((m) => [m.id, `${m.text} [${m.tags.join(',')}]`]));
}

/**
 * True when `needle` (UTF-8) occurs in any file of the page's origin private file system: the raw
 * bytes of the database, its WAL and anything else stored there.
 */
export async function opfsContains(page: Page, needle: string): Promise<boolean> {
  return page.evaluate(async (text) => {
    const target = new TextEncoder().encode(text);
    const contains = (hay: Uint8Array): boolean => {
      outer: for (let i = 0; i + target.length <= hay.length; i++) {
        for (let j = 0; j < target.length; j++) if (hay[i + j] !== target[j]) continue outer;
        return true;
      }
      return false;
    };
    // The store worker may write a file between getFile() and the read (a checkpoint, a sync):
    // the snapshot is then NotReadableError, and a fresh one shows the file as it is now.
    const read = async (handle: FileSystemFileHandle): Promise<Uint8Array> => {
      for (let attempt = 0; ; attempt++) {
        try {
          return new Uint8Array(await (await handle.getFile()).arrayBuffer());
        } catch (error) {
          if (attempt >= 20 || (error as { name?: string }).name !== 'NotReadableError')
            throw error;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    const walk = async (dir: FileSystemDirectoryHandle): Promise<boolean> => {
      for await (const handle of (
        dir as unknown as { values(): AsyncIterable<FileSystemHandle> }
      ).values()) {
        if (handle.kind === 'directory') {
          if (await walk(handle as FileSystemDirectoryHandle)) return true;
        } else {
          if (contains(await read(handle as FileSystemFileHandle))) return true;
        }
      }
      return false;
    };
    return walk(await navigator.storage.getDirectory());
  }, needle);
}
