/**
 * The SQL of each schema version, kept apart from the migration runner so a reader sees the
 * whole schema history in one place. Never edit a shipped step: add a new one.
 */

/**
 * v1: memories. `seq` is an explicit INTEGER PRIMARY KEY because the FTS index (v2) refers to
 * rows by rowid, and VACUUM (also VACUUM INTO, which export uses) may renumber implicit rowids.
 * `id` is the caller-chosen identity and is UNIQUE, so a retried put is a no-op.
 */
export const V1_MEMORIES = `
CREATE TABLE memories (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  text TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('typed', 'voice', 'import', 'message')),
  tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
  device TEXT NOT NULL,
  created_hlc TEXT NOT NULL,
  updated_hlc TEXT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
) STRICT;
CREATE INDEX memories_live ON memories (deleted, created_hlc);
CREATE INDEX memories_created ON memories (created_hlc);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
`;

/**
 * v2: full-text search. An external-content FTS5 table over memories (text and tags; the JSON
 * punctuation of tags is just separators to the tokenizer), kept in step by triggers.
 * `remove_diacritics 2` folds "Müller" and "Muller" together; `prefix` indexes make `foo*` fast.
 * Soft-deleted rows stay indexed; queries filter them, so Undo needs no re-indexing.
 */
export const V2_FTS = `
CREATE VIRTUAL TABLE memories_fts USING fts5(
  text, tags,
  content = 'memories', content_rowid = 'seq',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories BEGIN
  INSERT INTO memories_fts (rowid, text, tags) VALUES (new.seq, new.text, new.tags);
END;
CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories BEGIN
  INSERT INTO memories_fts (memories_fts, rowid, text, tags)
    VALUES ('delete', old.seq, old.text, old.tags);
END;
CREATE TRIGGER memories_fts_update AFTER UPDATE OF text, tags ON memories BEGIN
  INSERT INTO memories_fts (memories_fts, rowid, text, tags)
    VALUES ('delete', old.seq, old.text, old.tags);
  INSERT INTO memories_fts (rowid, text, tags) VALUES (new.seq, new.text, new.tags);
END;
INSERT INTO memories_fts (memories_fts) VALUES ('rebuild');
`;

/**
 * v3: room for embeddings and the signed chain, so the engineers who fill them add columns by
 * migration rather than invent tables. Empty until then.
 */
export const V3_RESERVED = `
CREATE TABLE memory_vectors (
  memory_id TEXT NOT NULL,
  model TEXT NOT NULL,
  dim INTEGER NOT NULL CHECK (dim > 0),
  vector BLOB NOT NULL,
  PRIMARY KEY (memory_id, model)
) STRICT;
CREATE TABLE chain_blocks (
  hash TEXT PRIMARY KEY,
  height INTEGER NOT NULL,
  parent TEXT,
  author TEXT NOT NULL,
  body BLOB NOT NULL,
  signature BLOB NOT NULL
) STRICT;
CREATE INDEX chain_blocks_height ON chain_blocks (height);
`;

/**
 * v4: the signed chain (docs/PROTOCOL.md). `chain_blocks` is the table v3 reserved: `body` holds
 * the whole canonical block (the header's signature included; `signature` repeats it for readers
 * of the file), `author` the sealer's device id. Blocks are replayed into the in-memory tree at
 * open, in height order. `chain_contents` holds the content blobs (text and tags, salted) beside
 * the chain, by SHA-256: a delete erases the blob and the chain keeps only its hash.
 * `chain_pending` holds signed transactions that no block carries yet (a device that joined
 * another device's chain re-includes its own history once it may). `chain_peers` is what the
 * Devices list shows per peer. FTS5's `secure-delete` removes a deleted row's tokens from the
 * index itself instead of leaving them in old segments until a merge, so a deleted memory's
 * words do not survive in `memories_fts_data` (nor in an export, which copies it).
 */
export const V4_CHAIN = `
CREATE TABLE chain_contents (
  hash TEXT PRIMARY KEY CHECK (length(hash) = 64),
  bytes BLOB NOT NULL
) STRICT;
CREATE TABLE chain_pending (
  id TEXT PRIMARY KEY CHECK (length(id) = 64),
  bytes BLOB NOT NULL
) STRICT;
CREATE TABLE chain_peers (
  device TEXT PRIMARY KEY,
  height INTEGER NOT NULL,
  head TEXT NOT NULL,
  synced_at INTEGER NOT NULL,
  error TEXT
) STRICT;
INSERT INTO memories_fts (memories_fts, rank) VALUES ('secure-delete', 1);
`;

/**
 * v5: embeddings. Vectors (v3's `memory_vectors`, float32 BLOBs tagged with the model key) go
 * stale when a memory's text changes, however it changes (an edit, an import, a synced
 * transaction): triggers delete them there, so the backfill embeds the new text. An index on
 * `model` serves counting and loading one model's vectors.
 */
export const V5_VECTORS = `
CREATE INDEX IF NOT EXISTS memory_vectors_model ON memory_vectors (model);
CREATE TRIGGER memory_vectors_text_changed AFTER UPDATE OF text ON memories
  WHEN new.text IS NOT old.text BEGIN
  DELETE FROM memory_vectors WHERE memory_id = old.id;
END;
CREATE TRIGGER memory_vectors_memory_removed AFTER DELETE ON memories BEGIN
  DELETE FROM memory_vectors WHERE memory_id = old.id;
END;
`;

/**
 * v6: the persisted vector index. `vector_changes` counts every insert, update and delete of a
 * model's vectors (triggers, so no write path can forget it: puts, edits, synced transactions,
 * imports). `vector_index` says which count and how many vectors a saved index reflects; its
 * bytes are split over `vector_index_parts` (a 100k × 384 index is ~190 MB: parts keep single
 * allocations in SQLite's heap small). An index whose count differs from `vector_changes` is
 * stale and rebuilt from the rows (since v12 unless the journal covers the difference).
 */
export const V6_VECTOR_INDEX = `
CREATE TABLE vector_changes (
  model TEXT PRIMARY KEY,
  generation INTEGER NOT NULL
) STRICT;
INSERT INTO vector_changes (model, generation)
  SELECT model, count(*) FROM memory_vectors GROUP BY model;
CREATE TABLE vector_index (
  model TEXT PRIMARY KEY,
  generation INTEGER NOT NULL,
  vectors INTEGER NOT NULL CHECK (vectors >= 0),
  parts INTEGER NOT NULL CHECK (parts >= 0),
  bytes INTEGER NOT NULL CHECK (bytes >= 0)
) STRICT;
CREATE TABLE vector_index_parts (
  model TEXT NOT NULL,
  part INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY (model, part)
) STRICT;
CREATE TRIGGER vector_changes_insert AFTER INSERT ON memory_vectors BEGIN
  INSERT INTO vector_changes (model, generation) VALUES (new.model, 1)
    ON CONFLICT (model) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER vector_changes_update AFTER UPDATE ON memory_vectors BEGIN
  INSERT INTO vector_changes (model, generation) VALUES (new.model, 1)
    ON CONFLICT (model) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER vector_changes_delete AFTER DELETE ON memory_vectors BEGIN
  INSERT INTO vector_changes (model, generation) VALUES (old.model, 1)
    ON CONFLICT (model) DO UPDATE SET generation = generation + 1;
END;
`;
