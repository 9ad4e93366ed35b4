/**
 * Content blobs (salted text and tags, docs/PROTOCOL.md "Content blobs") in `chain_contents`,
 * with every blob also held in memory: sync reads and writes blobs synchronously
 * (`ContentStore`), while SQLite answers asynchronously. Writes and erasures collect here and
 * reach SQLite in the same transaction as the blocks that named them (`flush`). SQLite is never
 * asked for a blob by hash: its rows are appended under keys this store hands out.
 */
import { toHex } from '../../../src/core/chain/bytes.ts';
import type { ContentStore } from '../../../src/core/sync/index.ts';
import type { Locked } from '../lock.ts';
import {
  deleteContent,
  insertContents,
  loadContents,
  type ContentRow,
} from '../tables/chain-contents.ts';

export class BlobStore implements ContentStore {
  readonly #blobs = new Map<string, Uint8Array>();
  /** The table's key of every blob stored there, by hex hash (erasing needs it). */
  readonly #keys = new Map<string, number>();
  /** The key the next stored blob gets: new blobs are appended to the table. */
  #nextKey = 1;
  /** Changes not yet in SQLite: bytes to write, or null to erase. */
  readonly #dirty = new Map<string, Uint8Array | null>();
  /** Called for every blob stored, so memories waiting for it can be shown. */
  onPut: (hex: string) => void = () => {};

  /**
   * Reads every stored blob; the caller holds a transaction. Only this class writes the table,
   * and never a hash it holds, so a second row of a hash would be a bug's: it is removed here, as
   * erasing the first would leave its words behind.
   */
  static async load(db: Locked): Promise<BlobStore> {
    const store = new BlobStore();
    const copies: number[] = [];
    for (const row of await loadContents(db)) {
      store.#nextKey = Math.max(store.#nextKey, row.id + 1);
      if (store.#keys.has(row.hash)) {
        copies.push(row.id);
        continue;
      }
      store.#blobs.set(row.hash, row.bytes);
      store.#keys.set(row.hash, row.id);
    }
    for (const id of copies) await deleteContent(db, id);
    return store;
  }

  get size(): number {
    return this.#blobs.size;
  }

  get(hash: Uint8Array): Uint8Array | undefined {
    return this.#blobs.get(toHex(hash));
  }

  getHex(hex: string): Uint8Array | undefined {
    return this.#blobs.get(hex);
  }

  has(hash: Uint8Array): boolean {
    return this.#blobs.has(toHex(hash));
  }

  put(hash: Uint8Array, bytes: Uint8Array): void {
    const hex = toHex(hash);
    if (this.#blobs.has(hex)) return;
    // A copy: the bytes may be a view into a larger sync message.
    const copy = bytes.slice();
    this.#blobs.set(hex, copy);
    this.#dirty.set(hex, copy);
    this.onPut(hex);
  }

  /** Erases a blob; true when it was stored. */
  erase(hex: string): boolean {
    if (!this.#blobs.delete(hex)) return false;
    this.#dirty.set(hex, null);
    return true;
  }

  /**
   * Forgets changes not yet written (the transaction that would have written them failed). The
   * keys handed out by a failed `flush` are not taken back: after a failed commit the chain,
   * and with it this store, is loaded again from the file (ChainStore.write).
   */
  discard(): void {
    this.#dirty.clear();
  }

  /**
   * Writes the collected changes; the caller holds a transaction. Returns blobs erased. A blob
   * the table holds already is not written again (as `INSERT OR IGNORE` on the hash did).
   */
  async flush(db: Locked): Promise<number> {
    let erased = 0;
    const written: ContentRow[] = [];
    for (const [hex, bytes] of this.#dirty) {
      const key = this.#keys.get(hex);
      if (bytes === null) {
        if (key !== undefined) {
          await deleteContent(db, key);
          this.#keys.delete(hex);
        }
        erased += 1;
      } else if (key === undefined) {
        const id = this.#nextKey++;
        this.#keys.set(hex, id);
        written.push({ id, hash: hex, bytes });
      }
    }
    await insertContents(db, written);
    this.#dirty.clear();
    return erased;
  }
}
