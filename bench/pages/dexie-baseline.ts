/**
 * The baseline store: the same memories in Dexie 4 (IndexedDB) on the main thread, shaped as the
 * app would need them: `id` primary key, a `created` index for the newest-first list, and, since
 * IndexedDB has no full-text search, the honest substitute: a multiEntry index `*words` over the
 * folded words of each memory. It matches whole words and word prefixes but neither ranks nor
 * knows phrases, so a phrase is looked up by its first word and checked by substring.
 */
import Dexie, { type EntityTable } from 'dexie';
import { fold, words, type CorpusMemory } from './corpus.ts';

export interface DexieMemory {
  id: string;
  text: string;
  source: string;
  tags: readonly string[];
  device: string;
  created: number;
  updated: number;
  deleted: 0 | 1;
  /** Folded, distinct words of text and tags: what the `*words` index is built from. */
  words: string[];
}

type BenchDb = Dexie & { memories: EntityTable<DexieMemory, 'id'> };

export class DexieBaseline {
  private constructor(private readonly db: BenchDb) {}

  /** Opens a fresh database (any earlier one of this name is deleted). */
  static async open(name: string): Promise<DexieBaseline> {
    await Dexie.delete(name);
    const db = new Dexie(name) as BenchDb;
    db.version(1).stores({ memories: 'id, created, *words' });
    await db.open();
    return new DexieBaseline(db);
  }

  /** What a save would write; building the word list is part of the cost, so it is timed. */
  private record(m: CorpusMemory): DexieMemory {
    const now = Date.now();
    return {
      id: m.id,
      text: m.text,
      source: 'typed',
      tags: m.tags,
      device: 'bench',
      created: now,
      updated: now,
      deleted: 0,
      words: [...new Set(words(`${m.text} ${m.tags.join(' ')}`))],
    };
  }

  /** One transaction for the batch, like `memories.bulkPut`. */
  async bulkPut(items: readonly CorpusMemory[]): Promise<void> {
    await this.db.memories.bulkPut(items.map((m) => this.record(m)));
  }

  async put(item: CorpusMemory): Promise<void> {
    await this.db.memories.put(this.record(item));
  }

  get(id: string): Promise<DexieMemory | undefined> {
    return this.db.memories.get(id);
  }

  count(): Promise<number> {
    return this.db.memories.count();
  }

  /** Newest first; `offset` walks the index cursor, as a virtual list would ask for a window. */
  list(offset: number, limit: number): Promise<DexieMemory[]> {
    return this.db.memories.orderBy('created').reverse().offset(offset).limit(limit).toArray();
  }

  /** Memories containing a whole word: first `limit` matches in index order, unranked. */
  word(query: string, limit: number): Promise<DexieMemory[]> {
    return this.db.memories.where('words').equals(fold(query)).limit(limit).toArray();
  }

  /** Memories with a word starting with `prefix` (without the `*`), unranked. */
  prefix(prefix: string, limit: number): Promise<DexieMemory[]> {
    const p = fold(prefix.replace(/\*$/, ''));
    return this.db.memories.where('words').startsWith(p).distinct().limit(limit).toArray();
  }

  /** A phrase: index lookup on its first word, then a substring check of the folded text. */
  phrase(phrase: string, limit: number): Promise<DexieMemory[]> {
    const folded = fold(phrase.replace(/"/g, ''));
    const first = words(folded)[0] ?? '';
    return this.db.memories
      .where('words')
      .equals(first)
      .filter((m) => fold(m.text).includes(folded))
      .limit(limit)
      .toArray();
  }

  /** No index at all: every memory's folded text checked with `includes`. */
  scan(query: string, limit: number): Promise<DexieMemory[]> {
    const folded = fold(query);
    return this.db.memories
      .filter((m) => fold(m.text).includes(folded))
      .limit(limit)
      .toArray();
  }
}
