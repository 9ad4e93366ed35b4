/**
 * The store's vector indexes: per model one `VectorIndex` (src/core/search: exact up to 30k
 * vectors, a graph beyond) that mirrors the model's `memory_vectors` rows. At first use it is
 * loaded from its saved bytes when they and the journal since (schema v12) add up to the rows,
 * else built from the rows; the store's writes keep it current, and the memories a chain event
 * names are checked against their rows at the index's next use. Results are re-checked against
 * SQLite, so a change the index missed can never surface a stale match. Everything here runs inside a
 * turn of the store's lock (it takes `Locked`); the work that spans turns — saving, loading ahead,
 * converting in slices — is vector-jobs.ts, told through `IndexJobs`.
 */
import type {
  HybridResult,
  PendingText,
  VectorCoverage,
  VectorItem,
} from '../../src/core/embedding/types.ts';
import { KianaError } from '@kiana/shared/errors';
import { IndexConversion } from '../../src/core/search/conversion.ts';
import { ExactIndex } from '../../src/core/search/exact-index.ts';
import { normalize } from '../../src/core/search/quantize.ts';
import { chooseKind, loadVectorIndex } from '../../src/core/search/select.ts';
import type { SearchHit, VectorIndex } from '../../src/core/search/vector-index.ts';
import { hybridSearch, type HybridArgs, type WordsSearch } from './hybrid.ts';
import type { Locked } from './lock.ts';
import {
  coverage,
  loadVectors,
  pendingTexts,
  storeVectors,
  vectorsState,
  liveWithVectors,
  storedDims,
  vectorsOf,
  type VectorsState,
} from './tables/memory-vectors.ts';
import {
  beginSave,
  journaledSince,
  readSavedIndex,
  savedHead,
  type SavedHead,
} from './tables/vector-index.ts';

/** Work that spans turns of the lock, started from inside one: nothing here to await. */
export interface IndexJobs {
  /** `model`'s index changed: save it once changes settle. */
  changed(model: string): void;
  /** Turn `model`'s index into another kind, a slice per turn (`VectorIndexes.convertSlice`). */
  convert(model: string, conversion: IndexConversion): void;
}

/** Puts `vector` in; false when no index can hold it (all zeros, not finite). */
function tryUpsert(index: VectorIndex, id: string, vector: Float32Array): boolean {
  try {
    index.upsert(id, vector);
    return true;
  } catch (error) {
    if (error instanceof KianaError && error.code === 'vector-invalid') return false;
    throw error;
  }
}

/**
 * Makes `index` (and a conversion under way) hold `ids` as the rows have them: their stored
 * vector, or nothing (none, another length, or one no index can hold). With `replace`, ids it
 * holds already are put in again (their vector may have changed since a save); without, they are
 * left as they are. True when anything changed.
 */
function followRows(
  index: VectorIndex,
  ids: Iterable<string>,
  rows: ReadonlyMap<string, Float32Array>,
  replace: boolean,
  conversion?: IndexConversion,
): boolean {
  let changed = false;
  for (const id of ids) {
    const vector = rows.get(id);
    const usable = vector !== undefined && vector.length === index.dims;
    if (usable && !replace && index.has(id)) continue;
    if (usable && tryUpsert(index, id, vector)) {
      conversion?.upsert(id, vector);
      changed = true;
    } else if (index.remove(id)) {
      conversion?.remove(id);
      changed = true;
    }
  }
  return changed;
}

function wrongDims(model: string, has: number, got: number): KianaError {
  return new KianaError('bad-message', `model ${model} has ${has} dimensions, got ${got}`);
}

export class VectorIndexes {
  private readonly indexes = new Map<string, VectorIndex>();
  /** Models whose index changed since it was last saved or loaded. */
  private readonly dirty = new Set<string>();
  /** Indexes being turned into the other kind, by model. */
  private readonly conversions = new Map<string, IndexConversion>();
  /** The kind of each model's saved index, as loaded or saved by this store. */
  private readonly savedKinds = new Map<string, VectorIndex['kind']>();
  /** Memories changed since each loaded index last looked at their rows (`forget`). */
  private readonly suspects = new Map<string, Set<string>>();

  constructor(
    private readonly jobs: IndexJobs,
    /** Largest collection searched exactly (EXACT_LIMIT). */
    private readonly exactLimit: number,
    /** Most journaled changes a saved index may be behind (JOURNAL_LIMIT). */
    private readonly journalLimit: number,
  ) {}

  pending(db: Locked, model: string, limit: number): Promise<PendingText[]> {
    return pendingTexts(db, model, limit);
  }

  /** `total`: the live memories (the store's kept count). */
  async coverage(db: Locked, model: string, total: number): Promise<VectorCoverage> {
    return {
      ...(await coverage(db, model, total)),
      index: this.indexes.get(model)?.kind ?? null,
      indexing: this.conversions.get(model)?.remaining ?? 0,
    };
  }

  /**
   * Stores vectors in the caller's transaction; returns the stored ones for `apply` once it has
   * committed (an index changed before a rollback would hold what the rows do not). Refuses,
   * before writing anything, a vector no index can hold and a length other than the model's.
   */
  async store(
    db: Locked,
    model: string,
    dim: number,
    items: readonly VectorItem[],
  ): Promise<VectorItem[]> {
    const has = this.indexes.get(model)?.dims ?? (await storedDims(db, model));
    if (has !== null && has !== dim) throw wrongDims(model, has, dim);
    for (const item of items) {
      try {
        normalize(item.vector, dim);
      } catch (error) {
        throw new KianaError('bad-message', `vector of ${item.id}: ${(error as Error).message}`);
      }
    }
    return storeVectors(db, model, dim, items);
  }

  /** Adds committed vectors (`store`) to a loaded index. */
  apply(model: string, stored: readonly VectorItem[]): void {
    const index = this.indexes.get(model);
    if (!index || stored.length === 0) return;
    const conversion = this.conversions.get(model);
    for (const item of stored) {
      index.upsert(item.id, item.vector);
      conversion?.upsert(item.id, item.vector);
    }
    this.convertLater(model, index);
    this.changed(model);
  }

  /**
   * Memories changed (a chain event: an edit, a delete, an undo, a synced change): each loaded
   * index checks them against the rows at its next use (`reconcile`). The event says which
   * memories, not what became of their vectors: an edit of the tags alone keeps the vector, an
   * undo brings one back, a new text loses it (trigger).
   */
  forget(id: string): void {
    for (const model of this.indexes.keys()) {
      let set = this.suspects.get(model);
      if (!set) this.suspects.set(model, (set = new Set()));
      set.add(id);
    }
  }

  /** Makes `model`'s index hold exactly the rows of the memories `forget` was told of. */
  private async reconcile(db: Locked, model: string, index: VectorIndex): Promise<void> {
    const ids = this.suspects.get(model);
    if (!ids || ids.size === 0) return;
    this.suspects.delete(model);
    const rows = await vectorsOf(db, model, [...ids]);
    // A vector is only ever replaced through `store`, which updates the index itself: ids the
    // index holds keep theirs.
    if (followRows(index, ids, rows, false, this.conversions.get(model))) this.changed(model);
  }

  /** Many memories changed at once (import): load or rebuild indexes on next use. */
  reset(): void {
    this.indexes.clear();
    this.dirty.clear();
    this.conversions.clear();
    this.suspects.clear();
    this.savedKinds.clear();
  }

  /** True when `model`'s index is in memory. */
  has(model: string): boolean {
    return this.indexes.has(model);
  }

  /** Starts turning `model`'s index into the kind its size calls for, unless it is that kind. */
  private convertLater(model: string, index: VectorIndex): void {
    const kind = chooseKind(index.size, index.kind, this.exactLimit);
    if (kind === index.kind || this.conversions.has(model)) return;
    const conversion = new IndexConversion(index, kind);
    this.conversions.set(model, conversion);
    this.jobs.convert(model, conversion);
  }

  /**
   * One slice of `slice` inserts of a conversion; true while there is more to do. It changes only
   * memory, but takes the handle as proof: a search must never see an index half-swapped.
   */
  convertSlice(_db: Locked, model: string, conversion: IndexConversion, slice: number): boolean {
    const source = this.indexes.get(model);
    if (this.conversions.get(model) !== conversion || !source) return false; // reset meanwhile
    if (!conversion.step(source, slice)) return true;
    this.conversions.delete(model);
    this.indexes.set(model, conversion.target);
    this.changed(model);
    return false;
  }

  /** A conversion failed: the current index stays. */
  dropConversion(model: string, conversion: IndexConversion): void {
    if (this.conversions.get(model) === conversion) this.conversions.delete(model);
  }

  /** The index of `model`, loaded or built on first use. */
  private async index(db: Locked, model: string, dims: number): Promise<VectorIndex> {
    const index = this.indexes.get(model) ?? this.adopt(model, await this.open(db, model, dims));
    if (index.dims !== dims) throw wrongDims(model, index.dims, dims);
    await this.reconcile(db, model, index);
    return index;
  }

  private adopt(model: string, index: VectorIndex): VectorIndex {
    this.indexes.set(model, index);
    this.convertLater(model, index);
    return index;
  }

  /** An index from saved bytes; null (and a warning) when they are damaged. */
  private fromBytes(bytes: Uint8Array): VectorIndex | null {
    try {
      return loadVectorIndex(bytes);
    } catch (error) {
      // A damaged save is a cache miss, never the person's problem: rebuild and save anew.
      if (!(error instanceof KianaError && error.code === 'vector-index-corrupt')) throw error;
      console.warn('[vectors] saved index refused, rebuilding:', error.message);
      return null;
    }
  }

  /**
   * The saved index brought up to the rows by the journal: the memories changed since it was
   * saved are put in again or removed, from the rows. Null when the result does not hold exactly
   * the vectors stored (then it is rebuilt from the rows).
   */
  private async replayed(
    db: Locked,
    model: string,
    head: SavedHead,
    bytes: Uint8Array,
    state: VectorsState,
  ): Promise<VectorIndex | null> {
    const index = this.fromBytes(bytes);
    if (!index) return null;
    if (head.behind > 0) {
      const ids = await journaledSince(db, model, head.generation);
      // A row left out (one no index can hold) makes the count below differ: rebuilt.
      followRows(index, ids, await vectorsOf(db, model, ids), true);
    }
    if (index.size !== state.vectors) {
      console.warn('[vectors] saved index and journal do not add up to the rows, rebuilding');
      return null;
    }
    this.savedKinds.set(model, index.kind);
    return index;
  }

  /** Saved bytes and journal when they add up to the rows; otherwise a rebuild from the rows. */
  private async open(db: Locked, model: string, dims: number): Promise<VectorIndex> {
    const state = await vectorsState(db, model);
    const found = await readSavedIndex(db, model, state, this.journalLimit);
    const saved = found ? await this.replayed(db, model, found.head, found.bytes, state) : null;
    if (saved) return saved;
    // Whatever was saved is no use: the rebuild below must be saved whole.
    this.savedKinds.delete(model);
    const rows = await loadVectors(db, model);
    // Exact first, whatever the size: a graph is built afterwards, in slices (convertLater).
    const index = new ExactIndex(dims);
    for (const { id, vector } of rows) {
      if (vector.length === dims && !tryUpsert(index, id, vector)) {
        console.warn('[vectors] a stored vector no index can hold, left out:', id);
      }
    }
    this.changed(model);
    return index;
  }

  /**
   * Where `model`'s saved index is, when it and the journal add up to the vectors now stored
   * (loading ahead).
   */
  async savedHeadOf(db: Locked, model: string): Promise<SavedHead | null> {
    return savedHead(db, model, await vectorsState(db, model), this.journalLimit);
  }

  /**
   * Adopts an index read ahead from `head`'s parts, unless an index is here already or the
   * vectors changed since the head was read.
   */
  async adoptSaved(
    db: Locked,
    model: string,
    dims: number,
    head: SavedHead,
    bytes: Uint8Array,
  ): Promise<void> {
    if (this.indexes.has(model)) return; // a search got there first
    const state = await vectorsState(db, model);
    // Still the same save, and the journal still reaches the rows (they may have changed since).
    const now = await savedHead(db, model, state, this.journalLimit);
    if (!now || now.generation !== head.generation || now.bytes !== head.bytes) return;
    const loaded = await this.replayed(db, model, now, bytes, state);
    if (loaded && loaded.dims === dims) this.adopt(model, loaded);
  }

  /** Notes a change of `model`'s index; the jobs save it once changes settle. */
  private changed(model: string): void {
    this.dirty.add(model);
    this.jobs.changed(model);
  }

  /** Models whose index changed since it was last saved. */
  dirtyModels(): string[] {
    return [...this.dirty];
  }

  /**
   * Starts saving `model`'s index: its bytes and the vectors' state they reflect, with the old
   * header dropped. Null when it is not loaded, has not changed, or needs no writing: the saved
   * bytes of the same kind plus the journal since them already make it.
   */
  async snapshot(
    db: Locked,
    model: string,
  ): Promise<{ bytes: Uint8Array; state: VectorsState } | null> {
    const index = this.indexes.get(model);
    if (!index || !this.dirty.has(model)) return null;
    await this.reconcile(db, model, index);
    this.dirty.delete(model);
    const state = await vectorsState(db, model);
    // The saved index and the journal since it already make this index: nothing to write.
    // (Saving whole after every note rewrote ~200 MB at 100k vectors.)
    const head = await savedHead(db, model, state, this.journalLimit);
    if (head && this.savedKinds.get(model) === index.kind) return null;
    await beginSave(db, model);
    this.savedKinds.set(model, index.kind);
    return { bytes: index.serialize(), state };
  }

  /** Nearest memories by meaning alone (live ones, best first). */
  async nearest(
    db: Locked,
    model: string,
    vector: Float32Array,
    limit: number,
  ): Promise<SearchHit[]> {
    const near = (await this.index(db, model, vector.length)).search(vector, limit * 2);
    const live = await liveWithVectors(
      db,
      model,
      near.map((n) => n.id),
    );
    return near.filter((n) => live.has(n.id)).slice(0, limit);
  }

  /** Words (FTS5) and meaning (vectors) fused by RRF; keyword search alone without a vector. */
  async search(db: Locked, args: HybridArgs, words: WordsSearch): Promise<HybridResult> {
    const index =
      args.vector && args.model ? await this.index(db, args.model, args.vector.length) : null;
    return hybridSearch(db, index, args, words);
  }
}
