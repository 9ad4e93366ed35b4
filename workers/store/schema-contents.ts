/**
 * v10: content blobs by an integer key instead of their hash. Hashes are random, so every bulk
 * write or import chunk inserted its ~1,000 blobs at ~1,000 random places of the hash index, each
 * a page to read, dirty and write to the WAL at commit (10k memories in the browser: 0.5–1.5 s of
 * blob inserts and most of the commit time). The store keeps every blob and its key in memory
 * (chain/blobs.ts) and asks SQLite for no blob by hash, so the index served only `INSERT OR
 * IGNORE` and erasures: the store now skips blobs it has and erases by key. New blobs are
 * appended. Hashes stay in the table (loading needs them), unindexed.
 */
export const V10_CONTENTS_BY_KEY = `
CREATE TABLE chain_contents_v10 (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL CHECK (length(hash) = 64),
  bytes BLOB NOT NULL
) STRICT;
INSERT INTO chain_contents_v10 (hash, bytes) SELECT hash, bytes FROM chain_contents;
DROP TABLE chain_contents;
ALTER TABLE chain_contents_v10 RENAME TO chain_contents;
`;
