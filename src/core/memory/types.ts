/**
 * The memory model as the store worker hands it out. Memories are short notes a person writes
 * (or speaks, imports, receives); ids are chosen by the caller so retries are idempotent.
 */
import type { DeviceId, MemoryId } from '@kiana/shared/ids';
import type { HlcString } from '../hlc.ts';

/** Where a memory came from. */
export const MEMORY_SOURCES = ['typed', 'voice', 'import', 'message'] as const;
export type MemorySource = (typeof MEMORY_SOURCES)[number];

/** One memory. */
export interface Memory {
  readonly id: MemoryId;
  readonly text: string;
  readonly source: MemorySource;
  readonly tags: readonly string[];
  /** The device that created it. */
  readonly device: DeviceId;
  readonly createdHlc: HlcString;
  readonly updatedHlc: HlcString;
  /** Wall time of `createdHlc`, in ms since the epoch, for display. */
  readonly createdAt: number;
  /** Wall time of `updatedHlc`. */
  readonly updatedAt: number;
  /** Soft-deleted: hidden from lists and search, restorable with `memories.undelete`. */
  readonly deleted: boolean;
}

/** Arguments of `memories.put`: create the memory unless a memory with this id exists. */
export interface PutArgs {
  readonly id: MemoryId;
  readonly text: string;
  readonly source: MemorySource;
  readonly tags: readonly string[];
}

/** Arguments of `memories.edit`: at least one of `text` and `tags`. */
export interface EditArgs {
  readonly id: MemoryId;
  readonly text?: string;
  readonly tags?: readonly string[];
}

/** Arguments naming one memory. */
export interface IdArgs {
  readonly id: MemoryId;
}

/** Arguments of `memories.get`. */
export interface GetArgs extends IdArgs {
  /** Also return a soft-deleted memory (for Undo views). */
  readonly includeDeleted: boolean;
}

/** A window of the list, newest first. */
export interface ListArgs {
  readonly offset: number;
  readonly limit: number;
  readonly includeDeleted: boolean;
}

/** The answer to `memories.list`. */
export interface ListResult {
  readonly rows: readonly Memory[];
  /** All memories the list would show without the window, for a virtual scroller's height. */
  readonly total: number;
}

/** Arguments of `memories.count`. */
export interface CountArgs {
  readonly includeDeleted: boolean;
}

/** Arguments of `memories.search`. */
export interface SearchArgs {
  /** What the person typed; parsed by `toFtsQuery`, never passed to FTS5 raw. */
  readonly query: string;
  readonly limit: number;
  /** Hits to skip (paging); 0 by default. */
  readonly offset?: number;
}

/** One search result. */
export interface SearchHit {
  readonly memory: Memory;
  /**
   * An excerpt of the text with matches between `MARK_START` and `MARK_END`. Plain text: split it
   * with `snippetSegments` and render each segment as text, never as HTML.
   */
  readonly snippet: string;
  /** Relevance, higher is better (negated BM25); 0 when the result is in `latest` order. */
  readonly score: number;
}

/** The answer to `memories.search`. */
export interface SearchResult {
  readonly hits: readonly SearchHit[];
  /** All hits the query has, beyond this page too. */
  readonly total: number;
  /** The FTS5 expression that ran, or null when the query had nothing searchable. */
  readonly expression: string | null;
  /**
   * How the hits are ordered: by BM25 (`relevance`), or latest stored first (`latest`) when the
   * query matches too many memories for a ranking to mean much (tables/memory-search.ts).
   */
  readonly order: SearchOrder;
}

/** The order of full-text hits: best match first, or latest stored first. */
export type SearchOrder = 'relevance' | 'latest';

/** Pushed to every tab when memories change, so lists and counts refresh. */
export interface MemoriesChanged {
  /** The ids that changed; empty with `all: true` after an import. */
  readonly ids: readonly MemoryId[];
  /** `sync`: written by a peer and received through sync. */
  readonly kind: 'put' | 'edit' | 'delete' | 'undelete' | 'import' | 'sync';
  /** True when so much changed that listeners should reload everything. */
  readonly all: boolean;
}
