/**
 * v8: files in conversations and notes to self mirrored to my other devices (beside
 * schema-messages.ts, v7). `message_files` is one row per file, either direction, keyed by its
 * transfer id, with the file's key (a secret, like the ratchet states); `have` counts the chunks
 * the receiver holds (theirs: verified here; mine: what the receiver last said). The sender keeps
 * its chunks sealed (a resend is the same bytes), the receiver keeps them opened and checked.
 * `message_mirrors` is the outbox of my notes to self per My device, with the ciphertext until
 * that device acknowledges it. `receipt_owed` gains 2: a read receipt sent but not acknowledged.
 */
export const V8_FILES = `
CREATE TABLE message_files (
  transfer TEXT PRIMARY KEY,
  conversation TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
  message TEXT,
  name TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size >= 0),
  chunks INTEGER NOT NULL CHECK (chunks >= 1),
  sha256 TEXT NOT NULL,
  key BLOB NOT NULL,
  have INTEGER NOT NULL DEFAULT 0 CHECK (have >= 0),
  state TEXT NOT NULL CHECK (state IN ('writing', 'sending', 'receiving', 'done', 'failed')),
  error TEXT
) STRICT;
CREATE INDEX message_files_by_conversation ON message_files (conversation, state);
CREATE TABLE message_file_chunks (
  transfer TEXT NOT NULL,
  idx INTEGER NOT NULL CHECK (idx >= 0),
  bytes BLOB NOT NULL,
  PRIMARY KEY (transfer, idx)
) STRICT;
CREATE TABLE message_mirrors (
  peer TEXT NOT NULL,
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  cipher BLOB,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'delivered')),
  PRIMARY KEY (peer, id)
) STRICT;
`;
