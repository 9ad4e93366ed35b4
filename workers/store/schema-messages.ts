/**
 * v7: messaging (beside schema.ts, which holds v1–v6). Messages are not memories: they live in
 * their own tables and never enter the chain. `messages` holds both directions: mine with their
 * ciphertext until the peer acknowledges them (a retry resends the very same bytes, so the peer
 * recognises it), theirs with the hash of the ciphertext they came in (a replayed frame is found
 * without decrypting). `seq` orders a conversation. `message_sessions` keeps each peer's ratchet
 * state (secret keys, like the rest of this database) with a hash of the pairing it started from.
 */
export const V7_MESSAGES = `
CREATE TABLE message_sessions (
  peer TEXT PRIMARY KEY,
  pairing TEXT NOT NULL,
  state BLOB NOT NULL
) STRICT;
CREATE TABLE messages (
  seq INTEGER PRIMARY KEY,
  conversation TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
  id TEXT NOT NULL,
  counter INTEGER NOT NULL CHECK (counter >= 1),
  body TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'delivered', 'read', 'unread')),
  at INTEGER NOT NULL,
  cipher BLOB,
  cipher_hash TEXT,
  receipt_owed INTEGER NOT NULL DEFAULT 0,
  UNIQUE (conversation, direction, id)
) STRICT;
CREATE INDEX messages_by_cipher ON messages (conversation, cipher_hash)
  WHERE cipher_hash IS NOT NULL;
CREATE INDEX messages_by_state ON messages (conversation, direction, state);
CREATE TABLE message_counts (
  code TEXT PRIMARY KEY,
  n INTEGER NOT NULL CHECK (n >= 0)
) STRICT;
`;
