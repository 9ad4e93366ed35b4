/**
 * The store's embeddings: vectors in SQLite, and per model an in-memory index built on first
 * search and kept current by the store's own writes. Edits and imports drop what they make
 * stale; results are re-checked against SQLite, so a change made elsewhere (a synced
 * transaction's text change, deleting vectors by trigger) can never surface a stale match.
 */
import type {
  HybridResult,
  PendingText,
  VectorCoverage,
  VectorItem,
} from '../../src/core/embedding/types.ts';
import { KianaError } from '../../src/core/errors.ts';
import { hybridSearch, type HybridArgs } from './hybrid.ts';
import type { Sql } from './sqlite.ts';
import { ExactIndex, type VectorIndex } from './vector-index.ts';
import { coverage, loadVectors, pendingTexts, storeVectors, withVectors } from './vectors.ts';

export class VectorStore {
  private readonly indexes = new Map<string, VectorIndex>();

  constructor(private readonly sql: Sql) {}

  pending(model: string, limit: number): Promise<PendingText[]> {
    return pendingTexts(this.sql, model, limit);
  }

  coverage(model: string): Promise<VectorCoverage> {
    return coverage(this.sql, model);
  }

  /** Stores vectors (in the caller's transaction) and adds them to a loaded index. */
  async put(model: string, dim: number, items: readonly VectorItem[]): Promise<number> {
    const index = this.indexes.get(model);
    if (index && index.dim !== dim) {
      throw new KianaError('bad-message', `model ${model} has ${index.dim} dimensions, got ${dim}`);
    }
    const stored = await storeVectors(this.sql, model, dim, items);
    for (const item of stored) index?.upsert(item.id, item.vector);
    return stored.length;
  }

  /** A memory's text changed: its vectors are gone (trigger), so drop it from every index. */
  forget(id: string): void {
    for (const index of this.indexes.values()) index.remove(id);
  }

  /** Many memories changed at once (import): rebuild indexes on next use. */
  reset(): void {
    this.indexes.clear();
  }

  private async index(model: string, dim: number): Promise<VectorIndex> {
    let index = this.indexes.get(model);
    if (!index) {
      index = new ExactIndex(dim);
      for (const { id, vector } of await loadVectors(this.sql, model)) {
        if (vector.length === dim) index.upsert(id, vector);
      }
      this.indexes.set(model, index);
    }
    return index;
  }

  /** Nearest memories by meaning alone (live ones, best first). */
  async nearest(
    model: string,
    vector: Float32Array,
    limit: number,
  ): Promise<{ id: string; score: number }[]> {
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
