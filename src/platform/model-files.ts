/**
 * Model files in the origin-private file system: chunks written whole (so a download resumes
 * after the last chunk), a `.ok` marker once a file's sha256 is verified, and the model's
 * manifest entry (`entry.json`) once every file is, so installed models are known offline.
 */
import { chunkName, fileLocation, modelFolder } from '../core/models/layout.ts';
import { parseModelEntry, type ModelEntry } from '../core/models/manifest.ts';
import { MODELS_DIR } from '../core/models/layout.ts';

type Dir = FileSystemDirectoryHandle;

// TypeScript's DOM lib lacks the async iterator of directory handles.
const entriesOf = (dir: Dir) =>
  (dir as unknown as { values(): AsyncIterable<FileSystemHandle> }).values();

async function dirAt(segments: readonly string[], create: boolean): Promise<Dir | undefined> {
  try {
    let dir = await navigator.storage.getDirectory();
    for (const name of segments) dir = await dir.getDirectoryHandle(name, { create });
    return dir;
  } catch (error) {
    if (create) throw error;
    return undefined;
  }
}

async function exists(dir: Dir, name: string): Promise<boolean> {
  try {
    await dir.getFileHandle(name);
    return true;
  } catch {
    return false;
  }
}

async function writeFile(dir: Dir, name: string, data: BufferSource | string): Promise<void> {
  const writable = await (await dir.getFileHandle(name, { create: true })).createWritable();
  await writable.write(data);
  await writable.close();
}

/** Whose file it is: a model, or an onnxruntime build (src/core/models/runtime.ts). */
export type FileOwner = Pick<ModelEntry, 'id' | 'revision'>;

/** One file of one model (or runtime build) in OPFS. */
export class StoredFile {
  constructor(
    private readonly model: FileOwner,
    private readonly path: string,
  ) {}

  private get where() {
    return fileLocation(this.model, this.path);
  }

  async verified(): Promise<boolean> {
    const dir = await dirAt(this.where.dir, false);
    return dir !== undefined && (await exists(dir, this.where.ok));
  }

  private async chunks(create: boolean): Promise<Dir | undefined> {
    const dir = await dirAt(this.where.dir, create);
    if (!dir) return undefined;
    try {
      return await dir.getDirectoryHandle(this.where.chunks, { create });
    } catch {
      return undefined;
    }
  }

  /** The chunks stored so far, in order. */
  private async files(): Promise<File[]> {
    const dir = await this.chunks(false);
    if (!dir) return [];
    const files: File[] = [];
    for await (const handle of entriesOf(dir)) {
      if (handle instanceof FileSystemFileHandle) files.push(await handle.getFile());
    }
    return files.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Bytes and chunks stored so far (the resume point). */
  async stored(): Promise<{ bytes: number; chunks: number }> {
    const files = await this.files();
    return { bytes: files.reduce((n, f) => n + f.size, 0), chunks: files.length };
  }

  async writeChunk(index: number, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    const dir = await this.chunks(true);
    if (!dir) throw new Error('cannot create the chunk folder');
    await writeFile(dir, chunkName(index), bytes);
  }

  /** Everything stored, as one Blob (no copy). */
  async blob(): Promise<Blob> {
    return new Blob(await this.files());
  }

  async markVerified(sha256: string): Promise<void> {
    const dir = await dirAt(this.where.dir, true);
    if (dir) await writeFile(dir, this.where.ok, sha256);
  }

  /** Removes the chunks and the marker. */
  async clear(): Promise<void> {
    const dir = await dirAt(this.where.dir, false);
    if (!dir) return;
    await dir.removeEntry(this.where.chunks, { recursive: true }).catch(() => undefined);
    await dir.removeEntry(this.where.ok).catch(() => undefined);
  }
}

const ENTRY = 'entry.json';

/** Records that every file of `model` is verified (the model is installed). */
export async function markInstalled(model: ModelEntry): Promise<void> {
  const dir = await dirAt(modelFolder(model), true);
  if (dir) await writeFile(dir, ENTRY, JSON.stringify(model));
}

/** Deletes everything stored for `model` (all files, partial or verified). */
export async function removeModel(model: ModelEntry): Promise<void> {
  const folder = modelFolder(model);
  const parent = await dirAt(folder.slice(0, -1), false);
  await parent
    ?.removeEntry(folder[folder.length - 1] as string, { recursive: true })
    .catch(() => undefined);
}

/** The installed models (every revision folder with an entry), as their stored entries. */
export async function installedModels(): Promise<ModelEntry[]> {
  const root = await dirAt([MODELS_DIR], false);
  if (!root) return [];
  const found: ModelEntry[] = [];
  for await (const repo of entriesOf(root)) {
    if (!(repo instanceof FileSystemDirectoryHandle)) continue;
    for await (const revision of entriesOf(repo)) {
      if (!(revision instanceof FileSystemDirectoryHandle)) continue;
      try {
        const file = await (await revision.getFileHandle(ENTRY)).getFile();
        found.push(parseModelEntry(JSON.parse(await file.text())));
      } catch {
        // A partial download (no entry yet) or a damaged entry: not installed.
      }
    }
  }
  return found;
}
