/**
 * transformers.js's `env.customCache`, answered from the model files the model manager put in
 * OPFS (verified chunks, joined into one Blob without copying). transformers.js never downloads
 * anything itself: a file that is not here is missing (`put` is a no-op because only the
 * manager, which verifies sha256, may store model files).
 */
import { fileForKey, fileLocation } from '../../src/core/models/layout.ts';
import type { ModelEntry } from '../../src/core/models/manifest.ts';

async function dirAt(segments: readonly string[]): Promise<FileSystemDirectoryHandle> {
  let dir = await navigator.storage.getDirectory();
  for (const name of segments) dir = await dir.getDirectoryHandle(name);
  return dir;
}

/** A verified model file as one Blob; undefined when missing or not verified. */
export async function verifiedFile(
  model: Pick<ModelEntry, 'id' | 'revision'>,
  path: string,
): Promise<Blob | undefined> {
  const where = fileLocation(model, path);
  try {
    const dir = await dirAt(where.dir);
    await dir.getFileHandle(where.ok);
    const chunks = await dir.getDirectoryHandle(where.chunks);
    const files: File[] = [];
    // TypeScript's DOM lib lacks the async iterator of directory handles.
    const entries = (chunks as unknown as { values(): AsyncIterable<FileSystemHandle> }).values();
    for await (const handle of entries) {
      if (handle instanceof FileSystemFileHandle) files.push(await handle.getFile());
    }
    files.sort((a, b) => a.name.localeCompare(b.name));
    return new Blob(files);
  } catch {
    return undefined;
  }
}

/** A read-only cache over one model's verified files. */
export function modelCache(model: ModelEntry) {
  return {
    async match(key: string): Promise<Response | undefined> {
      const path = fileForKey(model, key);
      const blob = path === undefined ? undefined : await verifiedFile(model, path);
      if (!blob) return undefined;
      return new Response(blob, { headers: { 'content-length': String(blob.size) } });
    },
    put: (): Promise<void> => Promise.resolve(),
  };
}
