/**
 * Embedding helpers for browser tests: the app's own embed worker and store (reached as
 * `kianaEmbedder()` and `kianaStore()`), driven with code passed as strings so typed arrays
 * stay inside the page.
 */
import type { Page } from 'playwright-core';

/** The active model's key and the vector of `text`, embedded by the page's embed worker. */
export async function embedInPage(
  page: Page,
  text: string,
): Promise<{ model: string; vector: number[] }> {
  return page.evaluate(`(async () => {
    const r = await kianaEmbedder().call('embed.run', { texts: [${JSON.stringify(text)}] });
    return { model: r.model, vector: Array.from(r.vectors) };
  })()`);
}

/** Ids nearest to `text` by vector similarity alone (the store's index, no words involved). */
export async function nearestInPage(page: Page, text: string, limit = 5): Promise<string[]> {
  return page.evaluate(`(async () => {
    const r = await kianaEmbedder().call('embed.run', { texts: [${JSON.stringify(text)}] });
    const near = await kianaStore().call('vectors.nearest', {
      model: r.model, vector: r.vectors, limit: ${limit},
    });
    return near.map((n) => n.id);
  })()`);
}

/** Everything stored under `models/` in the page's OPFS, as paths. */
export async function opfsModelFiles(page: Page): Promise<string[]> {
  return page.evaluate(`(async () => {
    const out = [];
    async function walk(dir, prefix) {
      for await (const [name, handle] of dir.entries()) {
        if (handle.kind === 'directory') await walk(handle, prefix + name + '/');
        else out.push(prefix + name);
      }
    }
    const root = await navigator.storage.getDirectory();
    try { await walk(await root.getDirectoryHandle('models'), ''); } catch {}
    return out.sort();
  })()`);
}
