/**
 * The store's file methods, spread into `messagesContract`: a file is written into the store in
 * chunks (sealed there under its own key), announced by a ratchet message, and pulled by the
 * receiver chunk by chunk (`want` → `chunk`), each checked and kept as it arrives, so a reload
 * on either side resumes where it stopped (docs/PROTOCOL.md › Messages › Files).
 */
import {
  CHUNK_BYTES,
  CHUNK_TAG_BYTES,
  MAX_FILE_BYTES,
  SHA256_HEX,
  TRANSFER_ID,
} from '../messaging/files.ts';
import { MAX_WANT } from '../messaging/frames.ts';
import { array, bytes, int, object, string } from './check.ts';
import { method } from './contract.ts';
import { conversation } from './conversation.ts';
import { deviceId } from './fields.ts';
import type {
  ChunkOutcome,
  FileStatus,
  FileWant,
  MessageItem,
  ServedChunk,
} from './messages-types.ts';

const transfer = string({ pattern: TRANSFER_ID, what: 'a transfer id' });
const index = int(0, Math.ceil(MAX_FILE_BYTES / CHUNK_BYTES));

export const messageFilesContract = {
  /**
   * Starts a file for `conversation` (refused over 50 MB: `file-too-large`); its chunks follow
   * with `messages.fileWrite`, then `messages.fileEnd` queues the announcement.
   */
  'messages.fileBegin': method(
    object({
      conversation,
      name: string({ max: 255 }),
      mime: string({ max: 255 }),
      size: int(0, Number.MAX_SAFE_INTEGER),
      sha256: string({ pattern: SHA256_HEX, what: 'a SHA-256 in hex' }),
    }),
  ).returns<{ transfer: string; chunks: number; chunkBytes: number }>(),
  /** One chunk of a file being written (plaintext; sealed and kept in the store). */
  'messages.fileWrite': method(object({ transfer, index, bytes: bytes() })).returnsNothing(),
  /** Every chunk is written: the announcement is queued like any message. */
  'messages.fileEnd': method(object({ transfer })).returns<MessageItem>(),
  /** The files of a conversation and how far each got. */
  'messages.files': method(object({ conversation })).returns<FileStatus[]>(),
  /** Files from `peer` still coming in, with the chunks each lacks (the first few). */
  'messages.fileWants': method(object({ peer: deviceId })).returns<FileWant[]>(),
  /** `peer` holds `have` chunks of my file and asks for `indices`: the sealed chunks. */
  'messages.fileServe': method(
    object({ peer: deviceId, transfer, have: index, indices: array(index, MAX_WANT) }),
  ).returns<ServedChunk[]>(),
  /** A sealed chunk from `peer`: opened, checked and kept, or refused. */
  'messages.fileChunk': method(
    object({ peer: deviceId, transfer, index, bytes: bytes() }),
  ).returns<ChunkOutcome>(),
  /** A whole file, received and checked or mine (to save or open). */
  'messages.fileRead': method(object({ transfer })).returns<Uint8Array>(),
};

/** A chunk's largest sealed size (a frame with more is refused before it reaches the store). */
export const MAX_SEALED_CHUNK = CHUNK_BYTES + CHUNK_TAG_BYTES;
