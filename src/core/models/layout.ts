/**
 * Where downloaded model files live in the origin-private file system (OPFS): one folder per
 * model and pinned revision, so a new revision never mixes with an old one. The model manager
 * writes here; the embed worker reads here (through transformers.js's custom cache). A file
 * being downloaded carries the `.part` suffix until its sha256 is verified.
 */
import type { ModelEntry } from './manifest.ts';

/** Top folder in OPFS. */
export const MODELS_DIR = 'models';
/**
 * Files are stored as numbered chunks, each written whole. A download resumes after the last
 * stored chunk, and a chunk is never rewritten (OPFS writables copy the whole file on every
 * commit, so appending to one big file would cost O(n²) for a 118 MB model). About 32 chunks
 * per file, between 16 KiB and 4 MiB, so a pause loses at most ~3% of a file.
 */
export function chunkBytes(fileBytes: number): number {
  const target = 2 ** Math.ceil(Math.log2(Math.max(1, fileBytes / 32)));
  return Math.min(4 * 1024 * 1024, Math.max(16 * 1024, target));
}

/** The folder of one model revision, as OPFS path segments. */
export function modelFolder(model: Pick<ModelEntry, 'id' | 'revision'>): string[] {
  // `/` may not appear in an OPFS name; `--` cannot appear in a repository id's owner.
  return [MODELS_DIR, model.id.replace('/', '--'), model.revision];
}

/** Where one file lives: its folder, the folder of its chunks, and its verified marker. */
export interface FileLocation {
  readonly dir: readonly string[];
  /** Folder holding the chunks `000000`, `000001`, … */
  readonly chunks: string;
  /** Written (holding the sha256) only after the whole file was verified. */
  readonly ok: string;
}

export function fileLocation(
  model: Pick<ModelEntry, 'id' | 'revision'>,
  path: string,
): FileLocation {
  const parts = path.split('/');
  const name = parts.pop() as string;
  return { dir: [...modelFolder(model), ...parts], chunks: `${name}.chunks`, ok: `${name}.ok` };
}

/** The name of chunk `index`: fixed width, so names sort in order. */
export function chunkName(index: number): string {
  return String(index).padStart(6, '0');
}

/**
 * Which manifest file a transformers.js cache key names: the local path
 * (`/models/<id>/<file>`) or the hub URL (`…/<id>/resolve/<revision>/<file>`). Undefined for
 * anything else, which then counts as missing.
 */
export function fileForKey(
  model: Pick<ModelEntry, 'id' | 'revision' | 'files'>,
  key: string,
): string | undefined {
  let rest: string | undefined;
  const local = `/${model.id}/`;
  const remote = `/${model.id}/resolve/${encodeURIComponent(model.revision)}/`;
  if (key.includes(remote)) rest = key.slice(key.indexOf(remote) + remote.length);
  else if (key.includes(local)) rest = key.slice(key.indexOf(local) + local.length);
  return model.files.find((f) => f.path === rest)?.path;
}
