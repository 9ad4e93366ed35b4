/**
 * The words of recently deleted memories, in this worker's memory only, so `Undo` can write them
 * again after the delete erased them from the file. Entries expire after `KEEP_MS` (longer than
 * the UI offers Undo) and the cache holds few: a delete should forget.
 */
import type { MemoryId } from '@kiana/shared/ids';

/** How long the words of a deleted memory stay available for Undo. */
export const KEEP_MS = 60_000;
const MAX_ENTRIES = 32;

interface Entry {
  readonly text: string;
  readonly tags: readonly string[];
  readonly at: number;
}

export class UndoCache {
  readonly #entries = new Map<MemoryId, Entry>();

  constructor(private readonly now: () => number) {}

  remember(id: MemoryId, text: string, tags: readonly string[]): void {
    this.#prune();
    this.#entries.delete(id);
    this.#entries.set(id, { text, tags, at: this.now() });
    // Forget on time even if nobody asks again.
    setTimeout(() => this.#prune(), KEEP_MS + 1_000);
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= MAX_ENTRIES) break;
      this.#entries.delete(key);
    }
  }

  /** The words of `id` if still kept; they are forgotten here either way. */
  take(id: MemoryId): { text: string; tags: readonly string[] } | undefined {
    this.#prune();
    const entry = this.#entries.get(id);
    this.#entries.delete(id);
    return entry;
  }

  #prune(): void {
    const oldest = this.now() - KEEP_MS;
    for (const [id, entry] of this.#entries) if (entry.at < oldest) this.#entries.delete(id);
  }
}
