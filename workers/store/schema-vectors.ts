/**
 * v9: where the backfill may start looking. Finding the memories without a vector of a model
 * walked every memory (~55 ms at 100k in memory, more on OPFS) and counting the coverage joined
 * every vector (~140 ms); a save ran both several times, so a new note took ~0.9 s to be findable
 * by meaning at 100k. `vector_complete.below` says: every live memory with `seq <= below` has a
 * vector of `model`. The store raises it after a look that found everything above it; triggers
 * lower it for whatever could break it, so no write path (a put, an edit, a synced transaction, an
 * import, an undo) can forget to:
 * - a vector removed (its text changed, or a model's vectors dropped): below its memory;
 * - a memory added (a hard delete can hand its `seq` to the next insert) or restored (it may
 *   have been deleted before it was embedded): below it.
 * A missing row means "look at everything".
 */
export const V9_VECTOR_COMPLETE = `
CREATE TABLE vector_complete (
  model TEXT PRIMARY KEY,
  below INTEGER NOT NULL CHECK (below >= 0)
) STRICT;
CREATE TRIGGER vector_complete_vector_removed AFTER DELETE ON memory_vectors BEGIN
  UPDATE vector_complete
    SET below = max(0, min(below, coalesce((SELECT seq - 1 FROM memories WHERE id = old.memory_id), below)))
    WHERE model = old.model;
END;
CREATE TRIGGER vector_complete_memory_added AFTER INSERT ON memories
  WHEN new.seq <= (SELECT max(below) FROM vector_complete) BEGIN
  UPDATE vector_complete SET below = max(0, min(below, new.seq - 1));
END;
CREATE TRIGGER vector_complete_memory_restored AFTER UPDATE OF deleted ON memories
  WHEN new.deleted = 0 AND old.deleted <> 0 BEGIN
  UPDATE vector_complete SET below = max(0, min(below, new.seq - 1));
END;
`;

/**
 * v11: which memories are live, by id, without reading their rows. Each search checks its ~120
 * nearest neighbours (live, with a vector); through the `id` UNIQUE index each check also read
 * the memory's row for `deleted`, and at 100k the rows (~30 MB) do not stay in the page cache, so
 * the check took 2–3 ms of the hybrid query in Chromium. This index answers from its own pages.
 */
export const V11_LIVE_BY_ID = `
CREATE INDEX memories_live_by_id ON memories (id, deleted);
`;

/**
 * v12: a journal of vector changes since the saved index. The saved index (v6) was valid only
 * for exactly the vectors it was saved with, so every saved note rewrote it whole: ~200 MB at
 * 100k vectors, 3 s after each save. Now each change of `memory_vectors` also notes which memory
 * changed, under the generation it made, in the same trigger that counts it (no write path can
 * skip it). A saved index plus the memories journaled after its generation is the current index:
 * loading replays them from the rows, and a full save is needed only when the journal grew long
 * or the index changed kind. A full save trims the journal up to its generation.
 */
/** Statements that count a change of the `row` (`new` or `old`) vector and journal its memory. */
const countAndJournal = (row: 'new' | 'old'): string => `
  INSERT INTO vector_changes (model, generation) VALUES (${row}.model, 1)
    ON CONFLICT (model) DO UPDATE SET generation = generation + 1;
  INSERT INTO vector_journal (model, generation, memory_id)
    SELECT ${row}.model, generation, ${row}.memory_id FROM vector_changes WHERE model = ${row}.model;`;

export const V12_VECTOR_JOURNAL = `
CREATE TABLE vector_journal (
  model TEXT NOT NULL,
  generation INTEGER NOT NULL,
  memory_id TEXT NOT NULL,
  PRIMARY KEY (model, generation)
) STRICT, WITHOUT ROWID;
DROP TRIGGER vector_changes_insert;
DROP TRIGGER vector_changes_update;
DROP TRIGGER vector_changes_delete;
CREATE TRIGGER vector_changes_insert AFTER INSERT ON memory_vectors BEGIN${countAndJournal('new')}
END;
CREATE TRIGGER vector_changes_update AFTER UPDATE ON memory_vectors BEGIN
  INSERT INTO vector_changes (model, generation)
    SELECT old.model, 1 WHERE old.model IS NOT new.model OR old.memory_id IS NOT new.memory_id
    ON CONFLICT (model) DO UPDATE SET generation = generation + 1;
  INSERT INTO vector_journal (model, generation, memory_id)
    SELECT old.model, generation, old.memory_id FROM vector_changes
    WHERE model = old.model AND (old.model IS NOT new.model OR old.memory_id IS NOT new.memory_id);
${countAndJournal('new')}
END;
CREATE TRIGGER vector_changes_delete AFTER DELETE ON memory_vectors BEGIN${countAndJournal('old')}
END;
`;
