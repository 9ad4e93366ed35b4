/**
 * The vector indexes' work that spans turns of the store's lock: loading a saved index ahead of
 * the first search, saving changed indexes after a quiet time (whole only when the journal of
 * changes since the last save cannot stand in for it, see VectorIndexes.snapshot), and
 * converting an index that crossed the exact limit, a slice per turn (see IndexConversion) while
 * the old index keeps answering. Each step is one turn, so saves, lists and searches go on in
 * between. This holds the lock and takes no `Locked`: what runs inside a turn is `VectorIndexes`.
 */
import type { IndexConversion } from '../../src/core/search/conversion.ts';
import { EXACT_LIMIT } from '../../src/core/search/select.ts';
import type { StoreLock } from './lock.ts';
import {
  JOURNAL_LIMIT,
  finishSave,
  joinParts,
  partCount,
  readPart,
  writePart,
} from './tables/vector-index.ts';
import { VectorIndexes, type IndexJobs } from './vector-indexes.ts';

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
  /** Most journaled changes a saved index may be behind (JOURNAL_LIMIT). */
  readonly journalLimit?: number;
}

export class VectorJobs implements IndexJobs {
  /** The indexes themselves, for the store's turns. */
  readonly indexes: VectorIndexes;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private saving: Promise<void> = Promise.resolve();
  private readonly saveDelay: number;
  private readonly slice: number;

  constructor(
    private readonly lock: StoreLock,
    options: VectorStoreOptions = {},
  ) {
    this.saveDelay = options.saveDelay ?? SAVE_DELAY_MS;
    this.slice = options.slice ?? CONVERSION_SLICE;
    this.indexes = new VectorIndexes(
      this,
      options.exactLimit ?? EXACT_LIMIT,
      options.journalLimit ?? JOURNAL_LIMIT,
    );
  }

  /** Runs `conversion` a slice per turn of the lock, a macrotask apart, until it is complete. */
  convert(model: string, conversion: IndexConversion): void {
    const next = (): void => {
      setTimeout(() => {
        this.lock
          .run((db) =>
            Promise.resolve(this.indexes.convertSlice(db, model, conversion, this.slice)),
          )
          .then((more) => {
            if (more) next();
          })
          .catch((error: unknown) => {
            console.warn('[vectors] index conversion failed, keeping the current index', error);
            this.indexes.dropConversion(model, conversion);
          });
      }, 0);
    };
    next();
  }

  /** (Re)starts the quiet-time timer for saving. */
  changed(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.saveDelay);
  }

  /**
   * Loads `model`'s saved index ahead of the first search (the app asks once a model is in use).
   * The bytes (190 MB at 100k vectors) are read one part per turn of the lock, so saves, lists and
   * searches go on meanwhile. Nothing happens without saved bytes the journal brings up to the
   * rows, or when they were saved again meanwhile: a rebuild from the rows holds the lock for
   * seconds at that size, and is left to the first search rather than done while the app starts.
   */
  async prepare(model: string, dims: number): Promise<void> {
    if (this.indexes.has(model)) return;
    const head = await this.lock.run((db) => this.indexes.savedHeadOf(db, model));
    if (!head) return;
    const bytes = await joinParts(head, (part) => this.lock.run((db) => readPart(db, model, part)));
    await this.lock.run((db) => this.indexes.adoptSaved(db, model, dims, head, bytes));
  }

  /**
   * Saves every changed index the journal does not cover now (tests, and the timer). Failures
   * only log: it is a cache.
   */
  flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.saving = this.saving.then(async () => {
      for (const model of this.indexes.dirtyModels()) {
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
   * Serializes in one turn together with the vectors' state, then writes part by part (each its
   * own turn, so searches are not held up by a 100 MB write), header last.
   */
  private async save(model: string): Promise<void> {
    const snapshot = await this.lock.run((db) => this.indexes.snapshot(db, model));
    if (!snapshot) return;
    const { bytes, state } = snapshot;
    for (let part = 0; part < partCount(bytes); part++) {
      await this.lock.run((db) => writePart(db, model, bytes, part));
    }
    await this.lock.run((db) => finishSave(db, model, bytes, state));
  }
}
