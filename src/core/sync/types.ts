/**
 * What sync needs besides the chain tree: a blob store for memory contents. The store worker
 * implements it over SQLite/OPFS; tests over a Map.
 */

/** Content blobs by SHA-256. */
export interface ContentStore {
  get(hash: Uint8Array): Uint8Array | undefined;
  has(hash: Uint8Array): boolean;
  put(hash: Uint8Array, bytes: Uint8Array): void;
}
