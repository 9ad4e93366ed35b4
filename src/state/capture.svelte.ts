/**
 * Capture: the text being written, kept as a draft in localStorage so a reload or a closed tab
 * loses nothing, and cleared only once the store confirmed the write. Also the few newest
 * memories shown under the form, so a save is visible at once.
 *
 * The draft is offered for embedding when typing pauses, when Save comes near (pointer, focus,
 * Ctrl/⌘) and at the latest when it is pressed, so the note's vector is made while the person
 * reaches for Save and while the store writes, not after: a saved note is found by meaning
 * sooner (#18 item 7).
 */
import { KianaError } from '@kiana/shared/errors';
import { newMemoryId, type MemoryId } from '@kiana/shared/ids';
import type { Memory } from '../core/memory/types.ts';
import { readMirror, writeMirror } from './mirror.ts';
import { onMemoriesChanged } from './memories.svelte.ts';
import type { StoreRef } from './store-ref.ts';
import { DRAFT_PAUSE_MS, PAUSE_MAX_CHARS, type DraftEmbedder } from './capture-ahead.ts';

/** How many memories the Capture view shows under the form. */
export const RECENT_COUNT = 5;

const DRAFT_TEXT = 'capture.draft';
const DRAFT_TAGS = 'capture.tags';

/** "home, to do,, Home " → ["home", "to do", "Home"]; the store drops case-duplicates. */
export function parseTagInput(input: string): string[] {
  return input
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

interface Attempt {
  readonly id: MemoryId;
  readonly text: string;
  readonly tags: string;
}

export class Capture {
  text = $state(readMirror(DRAFT_TEXT) ?? '');
  tags = $state(readMirror(DRAFT_TAGS) ?? '');
  saving = $state(false);
  error = $state<unknown>(null);
  /** The newest memories, the one just saved first. */
  recent = $state.raw<readonly Memory[]>([]);
  recentLoaded = $state(false);
  /**
   * Set when this browser refuses Kiana storage (IndexedDB blocked, as in some private modes):
   * the store cannot open, so nothing can be saved here. Known from the first call, so Capture
   * says so before anyone types.
   */
  refused = $state<KianaError | null>(null);

  /**
   * The id of a save that failed. Saving the same text again reuses it, so if the first put did
   * land (only its answer was lost) the retry is a no-op instead of a duplicate.
   */
  #attempt: Attempt | null = null;
  #listening = false;
  #pause: ReturnType<typeof setTimeout> | undefined;
  readonly #store: StoreRef;
  readonly #embedder: DraftEmbedder | null;

  constructor(store: StoreRef, embedder: DraftEmbedder | null = null) {
    this.#store = store;
    this.#embedder = embedder;
  }

  setText(text: string): void {
    this.text = text;
    writeMirror(DRAFT_TEXT, text);
    clearTimeout(this.#pause);
    if (text.trim() !== '' && text.length <= PAUSE_MAX_CHARS) {
      this.#pause = setTimeout(() => this.#embedder?.offerDraft(this.text, false), DRAFT_PAUSE_MS);
    }
  }

  /** Save is near: embed the draft now (nothing if it already was). */
  prepare(): void {
    clearTimeout(this.#pause);
    this.#embedder?.offerDraft(this.text, true);
  }

  setTags(tags: string): void {
    this.tags = tags;
    writeMirror(DRAFT_TAGS, tags);
  }

  /** Saves the draft; true when it was stored (the draft is then empty). */
  async save(): Promise<boolean> {
    const { text, tags } = this;
    if (this.saving || text.trim() === '') return false;
    const same = this.#attempt?.text === text && this.#attempt.tags === tags;
    const attempt: Attempt =
      same && this.#attempt ? this.#attempt : { id: newMemoryId(), text, tags };
    this.#attempt = attempt;
    this.saving = true;
    this.error = null;
    // The embedding runs while the store writes; the backfill then finds it made.
    this.prepare();
    try {
      const memory = await this.#store().call(
        'memories.put',
        { id: attempt.id, text, source: 'typed', tags: parseTagInput(tags) },
        { timeoutMs: 20_000 },
      );
      this.#attempt = null;
      this.setText('');
      this.setTags('');
      this.recent = [memory, ...this.recent.filter((m) => m.id !== memory.id)].slice(
        0,
        RECENT_COUNT,
      );
      return true;
    } catch (error) {
      this.error = error;
      this.#noteRefusal(error);
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** Loads the newest memories and keeps them current while the page lives. */
  async loadRecent(): Promise<void> {
    if (!this.#listening) onMemoriesChanged(this.#store, () => void this.loadRecent());
    this.#listening = true;
    try {
      const { rows } = await this.#store().call(
        'memories.list',
        { offset: 0, limit: RECENT_COUNT },
        { timeoutMs: 20_000 },
      );
      this.recent = rows;
    } catch (error) {
      // The form still works; the list only shows what this tab saves.
      console.warn('[capture] could not load recent memories', error);
      this.#noteRefusal(error);
    } finally {
      this.recentLoaded = true;
    }
  }

  #noteRefusal(error: unknown): void {
    if (error instanceof KianaError && error.code === 'storage-unavailable') this.refused = error;
  }
}
