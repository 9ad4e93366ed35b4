/**
 * Where downloaded model files live in the origin-private file system (OPFS): one folder per
 * model and pinned revision, so a new revision never mixes with an old one. The model manager
 * writes here; the embed worker reads here (through transformers.js's custom cache). A file
 * being downloaded carries the `.part` suffix until its sha256 is verified.
 */
import type { ModelEntry } from './manifest.ts';

/** Top folder in OPFS. */
export const MODELS_DIR = 'models';
/** Suffix of a file still downloading (resumable: its length is the resume offset). */
export const PART_SUFFIX = '.part';

/** The folder of one model revision, as OPFS path segments. */
export function modelFolder(model: Pick<ModelEntry, 'id' | 'revision'>): string[] {
  // `/` may not appear in an OPFS name; `--` cannot appear in a repository id's owner.
  return [MODELS_DIR, model.id.replace('/', '--'), model.revision];
}

/** The segments of one file of a model (its folder, then the file's own path). */
export function modelFileSegments(
  model: Pick<ModelEntry, 'id' | 'revision'>,
  path: string,
): string[] {
  return [...modelFolder(model), ...path.split('/')];
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
