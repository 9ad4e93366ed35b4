/**
 * transformers.js's `env.customCache`, answered from the model files the model manager put in
 * OPFS. transformers.js never downloads anything itself: a file that is not here is missing
 * (`put` is a no-op because only the manager, which verifies sha256, may store model files).
 */
import { fileForKey, modelFileSegments } from '../../src/core/models/layout.ts';
import type { ModelEntry } from '../../src/core/models/manifest.ts';

/** Opens a file by OPFS path segments; undefined when any part is missing. */
export async function opfsFile(segments: readonly string[]): Promise<File | undefined> {
  try {
    let dir = await navigator.storage.getDirectory();
    for (const name of segments.slice(0, -1)) dir = await dir.getDirectoryHandle(name);
    const handle = await dir.getFileHandle(segments[segments.length - 1] as string);
    return await handle.getFile();
  } catch {
    return undefined;
  }
}

/** A read-only cache over one model's verified files. */
export function modelCache(model: ModelEntry) {
  return {
    async match(key: string): Promise<Response | undefined> {
      const path = fileForKey(model, key);
      if (path === undefined) return undefined;
      const file = await opfsFile(modelFileSegments(model, path));
      if (!file) return undefined;
      return new Response(file, { headers: { 'content-length': String(file.size) } });
    },
    put: async (): Promise<void> => undefined,
  };
}
