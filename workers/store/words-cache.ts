/**
 * The words half of the last search, kept until memories change. The Search view asks for the
 * words (`memories.search`) while the embed worker embeds the query, then for the fused page
 * (`memories.hybridSearch`), which finds its words here instead of running FTS5 a second time:
 * the two workers work at once and the fused page costs only its meaning half. Any change of
 * memories (the store's `memories.changed`, which every write, sync and import sends) drops it.
 */
import type { SearchArgs, SearchResult } from '../../src/core/memory/types.ts';

export class WordsCache {
  #kept: { query: string; limit: number; offset: number; result: SearchResult } | null = null;

  /** The result for `args`, computed by `search` unless the last one was for the same args. */
  async get(args: SearchArgs, search: () => Promise<SearchResult>): Promise<SearchResult> {
    const offset = args.offset ?? 0;
    const kept = this.#kept;
    if (kept && kept.query === args.query && kept.limit === args.limit && kept.offset === offset) {
      return kept.result;
    }
    const result = await search();
    this.#kept = { query: args.query, limit: args.limit, offset, result };
    return result;
  }

  clear(): void {
    this.#kept = null;
  }
}
