/**
 * Recordings kept in OPFS until their transcript is saved or discarded, so a reload, a closed
 * tab or a crashed worker loses nothing. A recording is a folder `voice/pending/<id>/` of
 * numbered parts (16 kHz mono float32), each written whole while recording goes on, and a
 * `meta.json`. The parts are closed files: whatever was written before a reload is readable.
 * Kept audio (the setting) goes to `voice/kept/<memory id>.wav`.
 */
import { KianaError } from '@kiana/shared/errors';
import type { SttLanguage } from '../../core/api/stt.ts';
import { joinSamples } from '../../core/voice/resample.ts';

export interface PendingMeta {
  readonly id: string;
  readonly language: SttLanguage;
  readonly createdAt: number;
  /** `upload` recordings came from a file; `mic` from the microphone. */
  readonly origin: 'mic' | 'upload';
}

async function voiceDir(...path: string[]): Promise<FileSystemDirectoryHandle> {
  try {
    let dir = await navigator.storage.getDirectory();
    for (const name of ['voice', ...path])
      dir = await dir.getDirectoryHandle(name, { create: true });
    return dir;
  } catch (error) {
    throw new KianaError('storage-unavailable', `recordings cannot be stored: ${String(error)}`, {
      cause: error,
    });
  }
}

async function writeFile(
  dir: FileSystemDirectoryHandle,
  name: string,
  data: BlobPart,
): Promise<void> {
  const handle = await dir.getFileHandle(name, { create: true });
  const writable = await handle.createWritable();
  await writable.write(new Blob([data]));
  await writable.close();
}

type Entries = AsyncIterable<[string, FileSystemHandle]>;
// TypeScript's DOM lib lacks the async iterator of directory handles.
const entriesOf = (dir: FileSystemDirectoryHandle) =>
  (dir as unknown as { entries(): Entries }).entries();

/** One recording being written. */
export class PendingWriter {
  #part = 0;
  constructor(
    readonly meta: PendingMeta,
    private readonly dir: FileSystemDirectoryHandle,
  ) {}

  /** Stores the next part. */
  async append(samples: Float32Array): Promise<void> {
    if (samples.length === 0) return;
    const name = `part-${String(this.#part++).padStart(6, '0')}.f32`;
    await writeFile(this.dir, name, samples.slice().buffer);
  }
}

/** Starts a recording's folder (meta first, so even an empty recording is known). */
export async function startPending(meta: PendingMeta): Promise<PendingWriter> {
  const dir = await voiceDir('pending', meta.id);
  await writeFile(dir, 'meta.json', JSON.stringify(meta));
  return new PendingWriter(meta, dir);
}

/** The recordings not yet saved or discarded, oldest first. */
export async function listPending(): Promise<PendingMeta[]> {
  const out: PendingMeta[] = [];
  for await (const [, handle] of entriesOf(await voiceDir('pending'))) {
    if (!(handle instanceof FileSystemDirectoryHandle)) continue;
    try {
      const file = await (await handle.getFileHandle('meta.json')).getFile();
      out.push(JSON.parse(await file.text()) as PendingMeta);
    } catch {
      // A folder without readable meta is a recording interrupted before it began: nothing in it.
    }
  }
  return out.sort((a, b) => a.createdAt - b.createdAt);
}

/** A recording's samples, its parts joined in order. */
export async function readPending(id: string): Promise<Float32Array> {
  const dir = await voiceDir('pending', id);
  const parts: File[] = [];
  for await (const [name, handle] of entriesOf(dir)) {
    if (name.endsWith('.f32') && handle instanceof FileSystemFileHandle) {
      parts.push(await handle.getFile());
    }
  }
  parts.sort((a, b) => a.name.localeCompare(b.name));
  const buffers = await Promise.all(parts.map((p) => p.arrayBuffer()));
  return joinSamples(buffers.map((b) => new Float32Array(b)));
}

/** Forgets a recording (after its memory is saved, or the person discarded it). */
export async function removePending(id: string): Promise<void> {
  await (await voiceDir('pending')).removeEntry(id, { recursive: true }).catch(() => undefined);
}

/** Keeps a saved voice memory's audio as WAV (only when the person turned the setting on). */
export async function keepAudio(memoryId: string, wav: Uint8Array): Promise<void> {
  await writeFile(await voiceDir('kept'), `${memoryId}.wav`, wav.slice().buffer);
}
