import { describe, expect, it } from 'vitest';
import type { MemoryId } from '@kiana/shared/ids';
import { Corpus } from '../../../bench/pages/corpus.ts';
import { toFtsQuery } from '../../../src/core/memory/fts-query.ts';
import { MARK_END, MARK_START } from '../../../src/core/memory/snippet.ts';
import { StoreLock } from '../../../workers/store/lock.ts';
import { matchingIds, searchMemories } from '../../../workers/store/tables/memory-search.ts';
import { liveWithVectors } from '../../../workers/store/tables/memory-vectors.ts';
import { openTestStore } from './sqlite-node.ts';

/** A store holding `n` generated notes (the bench's corpus: Zipf-distributed words). */
async function corpusStore(n: number) {
  const opened = await openTestStore();
  const memories = new Corpus(7).take(n);
  await opened.store.putMany(
    memories.map((m) => ({ id: m.id as MemoryId, text: m.text, source: 'typed', tags: m.tags })),
  );
  return { ...opened, memories, lock: new StoreLock(opened.t.sql) };
}

/** The search as one query did it before: every match joined and given a snippet, then sorted. */
const REFERENCE = `SELECT m.id, snippet(memories_fts, 0, ?, ?, '…', 16) AS snippet
  FROM memories_fts JOIN memories m ON m.seq = memories_fts.rowid
  WHERE memories_fts MATCH ? AND m.deleted = 0
  ORDER BY bm25(memories_fts, 1.0, 0.5) LIMIT ? OFFSET ?`;

describe('full-text search at scale', () => {
  it('gives the same page, order and snippets as ranking every match in one query', async () => {
    const { store, t } = await corpusStore(1_500);
    for (const query of ['the', 'morgen', 'termin*', '"to the"', 'and OR der', 'the -and']) {
      for (const offset of [0, 10]) {
        const ours = await store.search({ query, limit: 20, offset });
        const expected = await t.sql.all<{ id: string; snippet: string }>(REFERENCE, [
          MARK_START,
          MARK_END,
          toFtsQuery(query),
          20,
          offset,
        ]);
        expect(ours.order).toBe('relevance');
        expect(ours.hits.map((h) => [h.memory.id, h.snippet])).toEqual(
          expected.map((e) => [e.id, e.snippet]),
        );
      }
    }
  });

  it('counts every match and lists the latest stored first past the rank limit', async () => {
    const { lock, memories } = await corpusStore(300);
    const result = await lock.run((db) => searchMemories(db, { query: 'the', limit: 10 }, 20));
    const matching = memories.filter((m) => /\bthe\b/iu.test(m.text));
    expect(result.total).toBe(matching.length);
    expect(result.order).toBe('latest');
    expect(result.hits.map((h) => h.memory.id)).toEqual(
      matching
        .slice(-10)
        .reverse()
        .map((m) => m.id),
    );
    expect(result.hits.every((h) => h.snippet.includes(MARK_START))).toBe(true);
    const next = await lock.run((db) =>
      searchMemories(db, { query: 'the', limit: 10, offset: 10 }, 20),
    );
    expect(next.hits.map((h) => h.memory.id)).toEqual(
      matching
        .slice(-20, -10)
        .reverse()
        .map((m) => m.id),
    );
  });

  it('leaves deleted memories out of the count, the page and the word matches', async () => {
    const { store, lock, memories } = await corpusStore(200);
    const matching = memories.filter((m) => /\bthe\b/iu.test(m.text));
    const gone = matching[0]?.id as MemoryId;
    await store.setDeleted(gone, true);
    const result = await store.search({ query: 'the', limit: 500 });
    expect(result.total).toBe(matching.length - 1);
    expect(result.hits.map((h) => h.memory.id)).not.toContain(gone);
    const ids = [
      gone,
      matching[1]?.id ?? '',
      memories.find((m) => !matching.includes(m))?.id ?? '',
    ];
    // The hybrid search's neighbours: live ones with a vector, then which of them match words.
    const found = await lock.run(async (db) => {
      for (const id of ids) {
        await db.run(
          `INSERT INTO memory_vectors (memory_id, model, dim, vector) VALUES (?, 'm', 1, x'00000000')`,
          [id],
        );
      }
      const live = await liveWithVectors(db, 'm', ids);
      expect([...live.keys()].sort()).toEqual([ids[1], ids[2]].sort());
      return matchingIds(db, toFtsQuery('the'), live);
    });
    expect([...found]).toEqual([matching[1]?.id]);
  });
});

describe('German spellings in search', () => {
  it('finds Müller by "mueller" and Straße by "strasse", and the other way round', async () => {
    const { store } = await openTestStore();
    const put = async (id: string, text: string) =>
      (await store.put({ id: id as MemoryId, text, source: 'typed', tags: [] })).id;
    const a = await put('m-a', 'Anruf bei Müller');
    const b = await put('m-b', 'Herr Mueller kommt');
    const c = await put('m-c', 'Hauptstraße 5');
    const d = await put('m-d', 'Bahnhofstrasse');
    const ids = async (q: string) =>
      (await store.search({ query: q, limit: 10 })).hits.map((h) => h.memory.id).sort();
    expect(await ids('mueller')).toEqual([a, b].sort());
    expect(await ids('Müller')).toEqual([a, b].sort());
    expect(await ids('hauptstrasse')).toEqual([c]);
    expect(await ids('bahnhofstraße')).toEqual([d]);
    expect(await ids('muell*')).toEqual([a, b].sort());
  });
});
