/**
 * The Memories view's state: a virtual window over `memories.list` (pages cached, refreshed when
 * any tab changes memories), edit and delete with a timed Undo, and a ticking clock for relative
 * times. The list never holds more than a few pages, so 100k memories cost no more than 100.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { MemoryId } from '@kiana/shared/ids';
import type { Memory } from '../core/memory/types.ts';
import type { ImportProgress, ImportResult, StoreStats } from '../core/api/store-types.ts';
import type { StoreRef } from './store-ref.ts';

/** Rows per `memories.list` call: a few screens, ~1 ms in the worker at any offset. */
export const PAGE_SIZE = 50;
/** Pages kept around the window; older ones are dropped so memory stays flat at any size. */
const KEEP_PAGES = 12;
/** Wait before loading a page again after its load failed. */
const RETRY_MS = 2_000;
/** How long Undo stays offered after a delete. */
export const UNDO_MS = 8_000;

/**
 * Calls `refresh` once per burst of `memories.changed` events: an import or another tab writing
 * in a loop sends hundreds, and reloading per event would only repeat the same work.
 */
export function onMemoriesChanged(store: StoreRef, refresh: () => void, delayMs = 60): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return store().on('memories.changed', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, delayMs);
  });
}

export class MemoryWindow {
  /** All memories the list shows; null until the first page arrived. */
  total = $state<number | null>(null);
  error = $state<unknown>(null);

  readonly #pages = new SvelteMap<number, readonly Memory[]>();
  // Bookkeeping that markup never reads, so plain (non-reactive) collections:
  /** Pages loaded since the last change; stale pages stay visible until replaced. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #fresh = new Set<number>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #loading = new Map<number, AbortController>();
  #wanted = { first: 0, last: 0 };
  /** Counts changes, so a load knows whether one happened while it was under way. */
  #generation = 0;
  #listening = false;
  readonly #store: StoreRef;

  constructor(store: StoreRef) {
    this.#store = store;
  }

  /** The memory at `index` (newest first), or undefined while its page loads. */
  rowAt(index: number): Memory | undefined {
    return this.#pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Shows rows `[start, end)`: loads their pages, cancels loads the window has left. */
  show(start: number, end: number): void {
    if (!this.#listening) onMemoriesChanged(this.#store, () => this.refresh());
    this.#listening = true;
    const first = Math.floor(start / PAGE_SIZE);
    const last = Math.max(first, Math.floor((end - 1) / PAGE_SIZE));
    this.#wanted = { first, last };
    for (const [page, controller] of this.#loading) {
      if (page < first || page > last) controller.abort();
    }
    for (let page = first; page <= last; page++) void this.#load(page);
    for (const page of this.#pages.keys()) {
      if (page < first - KEEP_PAGES / 2 || page > last + KEEP_PAGES / 2) {
        this.#pages.delete(page);
        this.#fresh.delete(page);
      }
    }
  }

  /**
   * Something changed: reload the pages in view (others are dropped, not reloaded). Loads under
   * way are not cancelled: while changes keep coming (another device syncing, a long import),
   * cancelling would starve the list and leave it at "Loading…"; instead their answer is shown
   * and the page is loaded once more.
   */
  refresh(): void {
    this.#generation += 1;
    this.#fresh.clear();
    for (const page of this.#pages.keys()) {
      if (page < this.#wanted.first || page > this.#wanted.last) this.#pages.delete(page);
    }
    for (let page = this.#wanted.first; page <= this.#wanted.last; page++) void this.#load(page);
  }

  #inView(page: number): boolean {
    return page >= this.#wanted.first && page <= this.#wanted.last;
  }

  async #load(page: number): Promise<void> {
    if (this.#fresh.has(page) || this.#loading.has(page)) return;
    const controller = new AbortController();
    const generation = this.#generation;
    this.#loading.set(page, controller);
    let again = false;
    try {
      const result = await this.#store().call(
        'memories.list',
        { offset: page * PAGE_SIZE, limit: PAGE_SIZE },
        { signal: controller.signal, timeoutMs: 20_000 },
      );
      if (controller.signal.aborted) return;
      this.#pages.set(page, result.rows);
      this.total = result.total;
      this.error = null;
      // A change arrived while this answer was on its way: it may predate the change.
      if (generation === this.#generation) this.#fresh.add(page);
      else again = true;
    } catch (error) {
      if (!controller.signal.aborted) {
        this.error = error;
        // A busy or restarting store must not leave rows saying "Loading…" until the next
        // scroll: try again while the page is still in view.
        setTimeout(() => {
          if (this.#inView(page)) void this.#load(page);
        }, RETRY_MS);
      }
    } finally {
      if (this.#loading.get(page) === controller) this.#loading.delete(page);
    }
    if (again && this.#inView(page)) void this.#load(page);
  }
}

/** Open, edit and delete from the list or search results, with Undo for a delete. */
export class MemoryActions {
  /** The memory shown whole (text, tags, origin) in the memory dialog, if any. */
  opened = $state<Memory | null>(null);
  /** The memory in the edit dialog, if any. */
  editing = $state<Memory | null>(null);
  /** The last deleted memory while Undo is offered. */
  deleted = $state<Memory | null>(null);
  /** The last failure of an action (edit errors show in the dialog instead). */
  error = $state<unknown>(null);
  #undoTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #store: StoreRef;

  constructor(store: StoreRef) {
    this.#store = store;
  }

  /**
   * Saves an edit; throws so the dialog can stay open and show why. The dialog clears `editing`
   * once it has closed: unmounting a dialog that is still open skips the browser's focus return.
   */
  async edit(id: MemoryId, text: string, tags: readonly string[]): Promise<Memory> {
    const edited = await this.#store().call(
      'memories.edit',
      { id, text, tags },
      { timeoutMs: 20_000 },
    );
    // An edit started from the open memory: it shows the saved text when the editor closes.
    if (this.opened?.id === id) this.opened = edited;
    return edited;
  }

  async remove(memory: Memory): Promise<void> {
    this.error = null;
    try {
      await this.#store().call('memories.delete', { id: memory.id }, { timeoutMs: 20_000 });
      clearTimeout(this.#undoTimer);
      this.deleted = memory;
      this.#undoTimer = setTimeout(() => (this.deleted = null), UNDO_MS);
    } catch (error) {
      this.error = error;
    }
  }

  async undo(): Promise<void> {
    const memory = this.deleted;
    if (!memory) return;
    clearTimeout(this.#undoTimer);
    this.deleted = null;
    try {
      // The delete erased the words from the store; Undo writes them again from what we showed.
      // A plain copy of the tags: a state proxy cannot cross postMessage.
      const { id, text } = memory;
      const tags = [...memory.tags];
      await this.#store().call('memories.undelete', { id, text, tags }, { timeoutMs: 20_000 });
    } catch (error) {
      this.error = error;
    }
  }
}

/** "Now", refreshed twice a minute, so "2 minutes ago" does not go stale on screen. */
export class Clock {
  now = $state(Date.now());

  constructor() {
    // The state lives as long as the page, so the timer is never cleared.
    if (typeof window !== 'undefined') setInterval(() => (this.now = Date.now()), 30_000);
  }
}

/** A progress value from the worker, if it is one (the message crossed a port). */
function asProgress(value: unknown): ImportProgress | null {
  const p = value as Partial<ImportProgress> | null;
  return typeof p?.done === 'number' && typeof p.total === 'number'
    ? { done: p.done, total: p.total }
    : null;
}

/** What Settings › Data shows and does: database figures, export to a file, import from one. */
export class DatabaseFile {
  stats = $state<StoreStats | null>(null);
  statsError = $state<unknown>(null);
  busy = $state<'export' | 'import' | null>(null);
  /** The outcome of the last export or import, for the status line. */
  exported = $state<string | null>(null);
  imported = $state<ImportResult | null>(null);
  /** How far the running import has got (rows of the file), for the progress bar. */
  importProgress = $state<ImportProgress | null>(null);
  error = $state<unknown>(null);

  #retry: ReturnType<typeof setTimeout> | undefined;
  readonly #store: StoreRef;

  constructor(store: StoreRef) {
    this.#store = store;
  }

  /** Reads the figures; while the store fails, asks again every 10 s so the banner clears. */
  async loadStats(): Promise<void> {
    clearTimeout(this.#retry);
    try {
      this.stats = await this.#store().call('db.stats', undefined, { timeoutMs: 20_000 });
      this.statsError = null;
    } catch (error) {
      this.statsError = error;
      this.#retry = setTimeout(() => void this.loadStats(), 10_000);
    }
  }

  /** The database as a standard SQLite file called `name`; null when the export failed. */
  async exportFile(name: string): Promise<File | null> {
    return this.#run('export', async () => {
      const bytes = await this.#store().call('db.export', undefined, { timeoutMs: 120_000 });
      const file = new File([bytes], name, { type: 'application/x-sqlite3' });
      this.exported = file.name;
      return file;
    });
  }

  /** Checks and merges `file`; on `import-invalid` nothing in the database changed. */
  async importFile(file: Blob): Promise<void> {
    await this.#run('import', async () => {
      const bytes = await file.arrayBuffer();
      // Copied, not transferred: the port keeps the request to resend it if the owner tab
      // changes meanwhile, and a transferred buffer would be empty by then.
      this.imported = await this.#store().call(
        'db.import',
        { bytes },
        { timeoutMs: 300_000, onProgress: (p) => (this.importProgress = asProgress(p)) },
      );
    });
    this.importProgress = null;
  }

  async #run<T>(kind: 'export' | 'import', work: () => Promise<T>): Promise<T | null> {
    if (this.busy) return null;
    this.busy = kind;
    this.error = null;
    this.exported = null;
    this.imported = null;
    try {
      return await work();
    } catch (error) {
      this.error = error;
      return null;
    } finally {
      this.busy = null;
      void this.loadStats();
    }
  }
}
