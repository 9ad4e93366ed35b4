/**
 * espeak-ng compiled to WebAssembly (the `espeak-ng` package, GPL-3.0-or-later; README ›
 * Licenses) turns text into the phonemes Piper voices read. Its binary is 18.5 MB with the
 * dictionaries of every language, so like the onnxruntime build it is not part of the shell: it
 * comes with the first voice through the model manager (resumable, sha256 checked) into OPFS.
 */
import type { ModelEntry } from './manifest.ts';

/** The binary's name in its folder. */
export const PHONEMIZER_PATH = 'espeak-ng.wasm';

/** Size and hash of the binary the app serves (computed at build time from the package). */
export interface PhonemizerBinary {
  readonly url: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** Its folder, named by the hashed asset, so a new build never reads an old binary. */
export function phonemizerOwner(url: string): Pick<ModelEntry, 'id' | 'revision'> {
  const name = url.split('/').pop() ?? url;
  return { id: 'espeak-ng/wasm', revision: name.replace(/\.wasm$/, '') };
}
