/**
 * The store's embeddings: vectors in SQLite, and per model one `VectorIndex` (src/core/search:
 * exact up to 100k vectors, a graph beyond) that mirrors the model's `memory_vectors` rows. At
 * first use it is loaded from its saved bytes when they match the rows, else built from the rows;
 * the store's writes and the chain's change events keep it current, and a debounced background
 * save writes it back. When the collection crosses the exact limit, the graph is built in
 * slices between other work while the exact index keeps answering (see IndexConversion). Results are re-checked against SQLite, so a change the index missed can
 * never surface a stale match.
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
import { EXACT_LIMIT, chooseKind, loadVectorIndex } from '../../src/core/search/select.ts';
import type { SearchHit, VectorIndex } from '../../src/core/search/vector-index.ts';
import { hybridSearch, type HybridArgs } from './hybrid.ts';
import {
  beginSave,
  finishSave,
  joinParts,
  partCount,
  readPart,
  readSavedIndex,
  savedHead,
  vectorsState,
  writePart,
} from './index-persist.ts';
import type { Sql } from './sqlite.ts';
import { coverage, loadVectors, pendingTexts, storeVectors, withVectors } from './vectors.ts';

/** Runs a step under the store's mutex. */
export type Serial = <T>(fn: () => Promise<T>) => Promise<T>;

/** Quiet time after the last change before an index is saved: a backfill writes in bursts. */
export const SAVE_DELAY_MS = 3000;
/**
 * Graph inserts per turn of the lock while converting: about 1 ms each at 100k vectors, so a
 * search or save waits at most ~50 ms behind a slice.
 */
export const CONVERSION_SLICE = 50;

export interface VectorStoreOptions {
  readonly saveDelay?: number;
  /** Largest collection searched exactly (EXACT_LIMIT). */
  readonly exactLimit?: number;
  /** Inserts per conversion slice (CONVERSION_SLICE). */
  readonly slice?: number;
}

export class VectorStore {
  private readonly indexes = new Map<string, VectorIndex>();
  /** Models whose index changed since it was last saved or loaded. */
  private readonly dirty = new Set<string>();
  /** Indexes being turned into the other kind, by model. */
  private readonly conversions = new Map<string, IndexConversion>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private saving: Promise<void> = Promise.resolve();
  private readonly saveDelay: number;
  private readonly exactLimit: number;
  private readonly slice: number;

  constructor(
    private readonly sql: Sql,
    private readonly serial: Serial,
    options: VectorStoreOptions = {},
  ) {
    this.saveDelay = options.saveDelay ?? SAVE_DELAY_MS;
    this.exactLimit = options.exactLimit ?? EXACT_LIMIT;
    this.slice = options.slice ?? CONVERSION_SLICE;
  }

  pending(model: string, limit: number): Promise<PendingText[]> {
    return pendingTexts(this.sql, model, limit);
  }

  coverage(model: string): Promise<VectorCoverage> {
    return coverage(this.sql, model);
  }

  /** Stores vectors (in the caller's transaction) and adds them to a loaded index. */
  async put(model: string, dim: number, items: readonly VectorItem[]): Promise<number> {
    const index = this.indexes.get(model);
    if (index && index.dims !== dim) {
      throw new KianaError(
        'bad-message',
        `model ${model} has ${index.dims} dimensions, got ${dim}`,
      );
    }
    const stored = await storeVectors(this.sql, model, dim, items);
    if (index && stored.length > 0) {
      const conversion = this.conversions.get(model);
      for (const item of stored) {
        index.upsert(item.id, item.vector);
        conversion?.upsert(item.id, item.vector);
      }
      this.convertLater(model, index);
      this.changed(model);
    }
    return stored.length;
  }

  /** A memory's text changed or it went: its vectors are gone (trigger), so drop it everywhere. */
  forget(id: string): void {
    for (const [model, index] of this.indexes) {
      if (!index.remove(id)) continue;
      this.conversions.get(model)?.remove(id);
      this.changed(model);
    }
  }

  /** Many memories changed at once (import): load or rebuild indexes on next use. */
  reset(): void {
    this.indexes.clear();
    this.dirty.clear();
    this.conversions.clear();
  }

  /**
   * Starts turning `model`'s index into the kind its size calls for, a slice per turn of the
   * lock; the current index answers until the new one is complete.
   */
  private convertLater(model: string, index: VectorIndex): void {
    const kind = chooseKind(index.size, index.kind, this.exactLimit);
    if (kind === index.kind || this.conversions.has(model)) return;
    const conversion = new IndexConversion(index, kind);
    this.conversions.set(model, conversion);
    const next = (): void => {
      setTimeout(() => {
        this.serial(() => Promise.resolve(this.convertSlice(model, conversion)))
          .then((more) => {
            if (more) next();
          })
          .catch((error: unknown) => {
            console.warn('[vectors] index conversion failed, keeping the current index', error);
            if (this.conversions.get(model) === conversion) this.conversions.delete(model);
          });
      }, 0);
    };
    next();
  }

  /** One slice of a conversion, under the lock; true while there is more to do. */
  private convertSlice(model: string, conversion: IndexConversion): boolean {
    const source = this.indexes.get(model);
    if (this.conversions.get(model) !== conversion || !source) return false; // reset meanwhile
    if (!conversion.step(source, this.slice)) return true;
    this.conversions.delete(model);
    this.indexes.set(model, conversion.target);
    this.changed(model);
    return false;
  }

  /** The index of `model`, loaded or built on first use. */
  private async index(model: string, dims: number): Promise<VectorIndex> {
    const index = this.indexes.get(model) ?? this.adopt(model, await this.open(model, dims));
    if (index.dims !== dims) {
      throw new KianaError(
        'bad-message',
        `model ${model} has ${index.dims} dimensions, got ${dims}`,
      );
    }
    return index;
  }

  private adopt(model: string, index: VectorIndex): VectorIndex {
    this.indexes.set(model, index);
    this.convertLater(model, index);
    return index;
  }

  /**
   * Loads `model`'s saved index ahead of the first search (the app asks once a model is in use).
   * The bytes (190 MB at 100k vectors) are read one part per turn of the lock, so saves, lists and
   * searches go on meanwhile. Nothing happens without matching saved bytes, or when the vectors
   * changed meanwhile: a rebuild from the rows holds the lock for seconds at that size, and is
   * left to the first search rather than done while the app starts.
   */
  async prepare(model: string, dims: number): Promise<void> {
    if (this.indexes.has(model)) return;
    const head = await this.serial(async () =>
      savedHead(this.sql, model, await vectorsState(this.sql, model)),
    );
    if (!head) return;
    const bytes = await joinParts(head, (part) =>
      this.serial(() => readPart(this.sql, model, part)),
    );
    await this.serial(async () => {
      if (this.indexes.has(model)) return; // a search got there first
      const state = await vectorsState(this.sql, model);
      if (head.generation !== state.generation || head.vectors !== state.vectors) return;
      const loaded = this.fromBytes(bytes);
      if (loaded && loaded.dims === dims) this.adopt(model, loaded);
    });
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

  /** Saved bytes when they match the rows and are intact; otherwise a rebuild from the rows. */
  private async open(model: string, dims: number): Promise<VectorIndex> {
    const bytes = await readSavedIndex(this.sql, model, await vectorsState(this.sql, model));
    const saved = bytes ? this.fromBytes(bytes) : null;
    if (saved) return saved;
    const rows = await loadVectors(this.sql, model);
    // Exact first, whatever the size: a graph is built afterwards, in slices (convertLater).
    const index = new ExactIndex(dims);
    for (const { id, vector } of rows) {
      if (vector.length === dims) index.upsert(id, vector);
    }
    this.changed(model);
    return index;
  }

  /** Notes a change of `model`'s index and (re)starts the quiet-time timer for saving it. */
  private changed(model: string): void {
    this.dirty.add(model);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.saveDelay);
  }

  /** Saves every changed index now (tests, and the timer). Failures only log: it is a cache. */
  flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.saving = this.saving.then(async () => {
      for (const model of [...this.dirty]) {
        try {
          await this.save(model);
        } catch (error) {
          console.warn('[vectors] could not save the index of', model, error);
        }
      }
    });
    return this.saving;
  }

  /**
   * Serializes under the mutex together with the vectors' state, then writes part by part (each
   * its own turn of the mutex, so searches are not held up by a 100 MB write), header last.
   */
  private async save(model: string): Promise<void> {
    const snapshot = await this.serial(async () => {
      const index = this.indexes.get(model);
      if (!index || !this.dirty.delete(model)) return null;
      const state = await vectorsState(this.sql, model);
      await beginSave(this.sql, model);
      return { bytes: index.serialize(), state };
    });
    if (!snapshot) return;
    const { bytes, state } = snapshot;
    for (let part = 0; part < partCount(bytes); part++) {
      await this.serial(() => writePart(this.sql, model, bytes, part));
    }
    await this.serial(() => finishSave(this.sql, model, bytes, state));
  }

  /** Nearest memories by meaning alone (live ones, best first). */
  async nearest(model: string, vector: Float32Array, limit: number): Promise<SearchHit[]> {
    const near = (await this.index(model, vector.length)).search(vector, limit * 2);
    const live = await withVectors(
      this.sql,
      model,
      near.map((n) => n.id),
    );
    const rows = await this.sql.all<{ id: string }>(
      `SELECT id FROM memories WHERE deleted = 0 AND id IN (${near.map(() => '?').join(',') || "''"})`,
      near.map((n) => n.id),
    );
    const alive = new Set(rows.map((r) => r.id));
    return near.filter((n) => live.has(n.id) && alive.has(n.id)).slice(0, limit);
  }

  async search(args: HybridArgs): Promise<HybridResult> {
    const index =
      args.vector && args.model ? await this.index(args.model, args.vector.length) : null;
    return hybridSearch(this.sql, index, args);
  }
}
