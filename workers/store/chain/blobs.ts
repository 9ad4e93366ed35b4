/**
 * Content blobs (salted text and tags, docs/PROTOCOL.md "Content blobs") in `chain_contents`,
 * with every blob also held in memory: sync reads and writes blobs synchronously
 * (`ContentStore`), while SQLite answers asynchronously. Writes and erasures collect here and
 * reach SQLite in the same transaction as the blocks that named them (`flush`).
 */
import { toHex } from '../../../src/core/chain/bytes.ts';
import type { ContentStore } from '../../../src/core/sync/index.ts';
import type { Locked } from '../lock.ts';
import { deleteContent, insertContents, loadContents } from '../tables/chain-contents.ts';

export class BlobStore implements ContentStore {
  readonly #blobs = new Map<string, Uint8Array>();
  /** Changes not yet in SQLite: bytes to write, or null to erase. */
  readonly #dirty = new Map<string, Uint8Array | null>();
  /** Called for every blob stored, so memories waiting for it can be shown. */
  onPut: (hex: string) => void = () => {};

  /** Reads every stored blob. */
  static async load(db: Locked): Promise<BlobStore> {
    const store = new BlobStore();
    for (const row of await loadContents(db)) store.#blobs.set(row.hash, row.bytes);
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

  /** Forgets changes not yet written (the transaction that would have written them failed). */
  discard(): void {
    this.#dirty.clear();
  }

  /** Writes the collected changes; the caller holds a transaction. Returns blobs erased. */
  async flush(db: Locked): Promise<number> {
    let erased = 0;
    const written: { hex: string; bytes: Uint8Array }[] = [];
    for (const [hex, bytes] of this.#dirty) {
      if (bytes === null) {
        await deleteContent(db, hex);
        erased += 1;
      } else {
        written.push({ hex, bytes });
      }
    }
    // In key order: a first sync brings many thousands at once, and SQLite appends sorted keys
    // to the table's B-tree where random ones touch a page each.
    written.sort((a, b) => (a.hex < b.hex ? -1 : a.hex > b.hex ? 1 : 0));
    // A blob is never erased and written again in one flush (`#dirty` holds one state per
    // hash), so writing after erasing keeps the outcome of the old one-by-one order.
    await insertContents(db, written);
    this.#dirty.clear();
    return erased;
  }
}
