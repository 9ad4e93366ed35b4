/**
 * What the Search view sends for one query, kept apart so the bench measures exactly this path
 * (bench/pages/typing-bench.ts). With a model, the store runs the words half of the search
 * (`memories.search`) while the embed worker embeds the query: the two workers work at once, and
 * the fused call that follows finds those words in the store's cache (workers/store/words-cache.ts)
 * and adds only its meaning half. Without a model there is nothing to overlap: one call.
 */
import type { HybridResult } from '../core/embedding/types.ts';
import type { StoreClient } from '../platform/store-client.ts';

/**
 * The Search view's pause after the last keystroke before it sends; short enough to feel
 * immediate. The query's embedding starts at the keystroke, inside this pause.
 */
export const DEBOUNCE_MS = 150;

/** The query as the fused search got it, so further pages need no second embedding. */
export interface Asked {
  readonly query: string;
  readonly vector: Float32Array | null;
  readonly model: string | null;
}

export interface SendDeps {
  readonly store: StoreClient;
  /** True when a model is active, so the query will be embedded. */
  readonly embeds: boolean;
  /** The query's embedding, or null (no model, or it failed: keyword search goes on). */
  readonly embed: (
    query: string,
    signal: AbortSignal,
  ) => Promise<{ vectors: Float32Array; model: string } | null>;
}

/** Searches for `query`, the first `limit` hits of the fused ranking. */
export async function sendSearch(
  deps: SendDeps,
  query: string,
  limit: number,
  signal: AbortSignal,
): Promise<{ asked: Asked; result: HybridResult }> {
  const options = { signal, timeoutMs: 20_000 };
  if (deps.embeds) {
    // Only warms the store's cache: the fused call below reports any failure (or runs FTS5
    // itself when a change came in between).
    deps.store.call('memories.search', { query, limit, offset: 0 }, options).catch(() => undefined);
  }
  const embedded = await deps.embed(query, signal);
  const asked = {
    query,
    vector: embedded ? embedded.vectors : null,
    model: embedded ? embedded.model : null,
  };
  const result = await deps.store.call(
    'memories.hybridSearch',
    { ...asked, limit, offset: 0 },
    options,
  );
  return { asked, result };
}
