/**
 * Downloads a model's files into OPFS: from the companion's `/models/` mirror first, then (for
 * real, pinned models only) from the Hugging Face hub at the pinned revision. Resumable with
 * range requests after the last stored chunk; every file's sha256 is checked before it counts,
 * and a mismatch deletes what was stored and fails with `model-checksum`.
 */
import { isDomQuotaError, KianaError } from '@kiana/shared/errors';
import { chunkBytes } from '../core/models/layout.ts';
import { readWithin } from '../core/read-within.ts';
import { isPinned, modelBytes, type ModelEntry } from '../core/models/manifest.ts';
import { markInstalled, StoredFile, type FileOwner } from './model-files.ts';

/** Where a file can come from. */
export interface ModelSource {
  readonly name: 'mirror' | 'hub';
  url(model: FileOwner, path: string): string;
}

export const MIRROR: ModelSource = {
  name: 'mirror',
  url: (model, path) => new URL(`/models/${model.id}/${path}`, location.href).href,
};

/** The hub at the pinned revision (the CSP's connect-src allows exactly these hosts). */
export const HUB: ModelSource = {
  name: 'hub',
  url: (model, path) =>
    `https://huggingface.co/${model.id}/resolve/${encodeURIComponent(model.revision)}/${path}`,
};

/** The sources to try for `model`: generated test models exist only on the mirror. */
export function sourcesFor(model: ModelEntry): ModelSource[] {
  return model.test ? [MIRROR] : [MIRROR, HUB];
}

/** Progress of one model download, in bytes over all its files. */
export interface DownloadProgress {
  readonly loaded: number;
  readonly total: number;
  readonly file: string;
}

async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Fetches `url` from `offset` on; null when the source does not have the file. */
async function open(url: string, offset: number, signal: AbortSignal): Promise<Response | null> {
  let response: Response;
  try {
    response = await fetch(url, {
      signal,
      cache: 'no-store',
      headers: offset > 0 ? { Range: `bytes=${offset}-` } : {},
    });
  } catch (error) {
    signal.throwIfAborted();
    throw new KianaError('model-download', `${url}: ${String(error)}`, { cause: error });
  }
  if (response.status === 404) return null;
  if (response.status !== 200 && response.status !== 206) {
    throw new KianaError('model-download', `${url}: HTTP ${response.status}`);
  }
  return response;
}

/**
 * A connection can stall without ever failing (a phone walks out of Wi-Fi range, a laptop
 * sleeps): after this long without a byte the download fails with `model-download`, and
 * Download resumes after the stored chunks.
 */
const STALL_MS = 20_000;

/** Streams `response` into whole chunks after `stored`; returns the bytes stored after it. */
async function store(
  file: StoredFile,
  response: Response,
  start: { bytes: number; chunks: number },
  chunk: number,
  onBytes: (bytes: number) => void,
): Promise<number> {
  if (!response.body) throw new KianaError('model-download', 'empty response');
  const reader = response.body.getReader();
  let buffer = new Uint8Array(chunk);
  let filled = 0;
  let index = start.chunks;
  let bytes = start.bytes;
  for (;;) {
    const { done, value } = await readWithin(
      reader,
      STALL_MS,
      () => new KianaError('model-download', `no data for ${STALL_MS / 1000} s`),
    );
    if (done) break;
    let offset = 0;
    while (offset < value.length) {
      const take = Math.min(value.length - offset, chunk - filled);
      buffer.set(value.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === chunk) {
        await file.writeChunk(index++, buffer);
        buffer = new Uint8Array(chunk);
        filled = 0;
      }
    }
    bytes += value.length;
    onBytes(bytes);
  }
  if (filled > 0) await file.writeChunk(index, buffer.slice(0, filled));
  return bytes;
}

/**
 * Downloads one file (resuming), then verifies it. A source that does not have the file (404,
 * unreachable) passes to the next; one that serves wrong bytes is a checksum error.
 */
export async function downloadFile(
  model: FileOwner,
  path: string,
  expected: { bytes: number; sha256: string },
  sources: readonly ModelSource[],
  signal: AbortSignal,
  onBytes: (bytes: number) => void,
): Promise<void> {
  const file = new StoredFile(model, path);
  if (await file.verified()) return onBytes(expected.bytes);
  const chunk = chunkBytes(expected.bytes);
  let start = await file.stored();
  // Chunks are whole except the last of a finished file: anything else cannot be resumed.
  const complete = start.bytes === expected.bytes;
  const resumable = start.bytes < expected.bytes && start.bytes === start.chunks * chunk;
  if (!complete && !resumable) {
    await file.clear();
    start = { bytes: 0, chunks: 0 };
  }
  onBytes(start.bytes);
  let source = 'stored chunks';
  if (start.bytes < expected.bytes) {
    let failure: KianaError | null = null;
    let done = false;
    for (const candidate of sources) {
      try {
        const response = await open(candidate.url(model, path), start.bytes, signal);
        if (!response) continue;
        if (response.status === 200 && start.bytes > 0) {
          // The source ignored the range: start over.
          await file.clear();
          start = { bytes: 0, chunks: 0 };
        }
        await store(file, response, start, chunk, onBytes);
        source = candidate.name;
        done = true;
        break;
      } catch (error) {
        signal.throwIfAborted();
        // A full origin is not the source's fault: another source would fill it the same way.
        if (isDomQuotaError(error)) {
          throw new KianaError('storage-quota', `${model.id}/${path}: ${String(error)}`, {
            cause: error,
          });
        }
        failure =
          error instanceof KianaError ? error : new KianaError('model-download', String(error));
      }
    }
    if (!done) {
      throw failure ?? new KianaError('model-missing', `${model.id}/${path} is on no source`);
    }
  }
  const blob = await file.blob();
  const actual = blob.size === expected.bytes ? await sha256Hex(blob) : `${blob.size} bytes`;
  if (actual !== expected.sha256) {
    await file.clear();
    throw new KianaError(
      'model-checksum',
      `${model.id}/${path} from ${source}: expected sha256 ${expected.sha256} (${expected.bytes} bytes), got ${actual}`,
    );
  }
  await file.markVerified(actual);
}

/**
 * Refuses at once when the browser's storage cannot take what is left to download, instead of
 * failing most of the way through. `estimate()` is approximate, so this catches the clear cases;
 * a write that still hits the quota fails with the same `storage-quota` code.
 */
async function checkSpace(model: ModelEntry): Promise<void> {
  const estimate = await navigator.storage.estimate().catch(() => null);
  if (!estimate?.quota) return;
  let stored = 0;
  for (const f of model.files) stored += (await new StoredFile(model, f.path).stored()).bytes;
  const needed = modelBytes(model) - stored;
  const free = estimate.quota - (estimate.usage ?? 0);
  if (needed > free) {
    throw new KianaError(
      'storage-quota',
      `${model.id} needs ${needed} more bytes, the browser has ${Math.max(0, free)} free`,
    );
  }
}

/** Downloads every file of `model` and marks it installed. Cancel with `signal` to pause. */
export async function downloadModel(
  model: ModelEntry,
  signal: AbortSignal,
  onProgress: (progress: DownloadProgress) => void,
  sources: readonly ModelSource[] = sourcesFor(model),
): Promise<void> {
  if (!isPinned(model)) {
    throw new KianaError('model-unpinned', `${model.id} has files without a pinned sha256`);
  }
  await checkSpace(model);
  const total = modelBytes(model);
  let before = 0;
  for (const f of model.files) {
    const expected = { bytes: f.bytes as number, sha256: f.sha256 as string };
    await downloadFile(model, f.path, expected, sources, signal, (bytes) =>
      onProgress({ loaded: before + bytes, total, file: f.path }),
    );
    before += expected.bytes;
  }
  await markInstalled(model);
  onProgress({ loaded: total, total, file: '' });
}
