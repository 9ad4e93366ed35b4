/**
 * Scratch files in memory, on wa-sqlite's MemoryVFS, registered next to the real VFS. Export
 * writes its snapshot here (`VACUUM INTO`), and import checks a candidate file here before any of
 * it touches the live database. Being a separate VFS, this works the same whichever VFS (OPFS or
 * IndexedDB) holds the live database, and even with one that is not filesystem-transparent.
 */
import { MemoryVFS } from '@journeyapps/wa-sqlite/src/examples/MemoryVFS.js';
import type { SqliteApi } from './sqlite.ts';

interface MemFile {
  pathname: string;
  flags: number;
  size: number;
  data: ArrayBuffer;
}

/** Name of the scratch VFS, as used in `file:...?vfs=` URIs. */
export const MEM_VFS_NAME = 'kiana-mem';

/** One registration per SQLite instance: SQLite finds a VFS by name, so a second would be dead. */
const registered = new WeakMap<SqliteApi, MemFiles>();

export class MemFiles {
  private constructor(private readonly vfs: MemoryVFS) {}

  /** Registers the scratch VFS on `api` (not as the default VFS), once per instance. */
  static register(api: SqliteApi, module: object): MemFiles {
    let files = registered.get(api);
    if (!files) {
      const vfs = new MemoryVFS(MEM_VFS_NAME, module);
      api.vfs_register(vfs, false);
      files = new MemFiles(vfs);
      registered.set(api, files);
    }
    return files;
  }

  private get files(): Map<string, MemFile> {
    return this.vfs.mapNameToFile as Map<string, MemFile>;
  }

  /** A fresh path for a scratch file. */
  tempPath(prefix: string): string {
    return `/${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}.db`;
  }

  /** A `file:` URI that opens `path` on this VFS from a connection opened with URI support. */
  uri(path: string): string {
    return `file:${path}?vfs=${MEM_VFS_NAME}`;
  }

  /** Creates (or replaces) `path` with a copy of `bytes`. */
  write(path: string, bytes: Uint8Array): void {
    const data = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(data).set(bytes);
    this.files.set(path, { pathname: path, flags: 0, size: bytes.byteLength, data });
  }

  /** A copy of the bytes of `path`, or null when there is no such file. */
  read(path: string): Uint8Array | null {
    const file = this.files.get(path);
    if (!file) return null;
    return new Uint8Array(file.data.slice(0, file.size));
  }

  /** Deletes `path` and any journal SQLite left beside it. */
  remove(path: string): void {
    for (const suffix of ['', '-journal', '-wal']) this.files.delete(path + suffix);
  }
}
