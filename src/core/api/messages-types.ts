/**
 * What the store's messaging methods answer: messages as the UI shows them, conversations with
 * their unread counts, the outcome of a received frame and the counts of refused ones.
 */
import type { ErrorCode } from '@kiana/shared/errors';
import type { MessageBody } from '../messaging/envelope.ts';

/** A device id, or `self` for Note to self (mirrored to my other devices only). */
export type ConversationId = string;

/** Mine: queued → sent → delivered (the peer acknowledged) → read. Theirs: unread → read. */
export type MessageState = 'queued' | 'sent' | 'delivered' | 'read' | 'unread';

export interface MessageItem {
  readonly id: string;
  readonly conversation: ConversationId;
  readonly direction: 'out' | 'in';
  readonly body: MessageBody;
  readonly state: MessageState;
  /** When it was written here (mine) or arrived (theirs), ms since the epoch. */
  readonly at: number;
}

export interface ConversationSummary {
  readonly conversation: ConversationId;
  readonly unread: number;
  /** The latest message's time. */
  readonly last: number;
}

/** A ciphertext waiting for its peer's acknowledgement, in the order it was written. */
export interface OutgoingMessage {
  readonly id: string;
  readonly bytes: Uint8Array;
}

/**
 * What became of a received ratchet message. `duplicate`: already here (a retry after a lost
 * acknowledgement or a replayed frame), acknowledged again and not shown twice. `rejected`: it did
 * not open or did not parse; `code` says why.
 */
export type ReceiveOutcome =
  | { readonly outcome: 'new' | 'duplicate'; readonly id: string }
  | {
      readonly outcome: 'rejected';
      readonly code: 'message-rejected' | 'message-replayed' | 'bad-message';
    };

/** How many received frames were ignored or refused, by reason (kept across reloads). */
export interface MessageStats {
  readonly duplicate: number;
  readonly 'file-chunk-rejected': number;
  readonly 'message-rejected': number;
  readonly 'message-replayed': number;
  readonly 'bad-message': number;
}

/**
 * How far a file got. Mine: `writing` (chunks going into the store) → `sending` → `done` (the
 * receiver holds every chunk). Theirs: `receiving` → `done` (hash checked) or `failed`. `error`:
 * the last refusal (a tampered chunk: `file-chunk-rejected`), cleared when the file is done.
 */
export interface FileStatus {
  readonly transfer: string;
  readonly conversation: ConversationId;
  readonly direction: 'out' | 'in';
  readonly have: number;
  readonly chunks: number;
  readonly state: 'writing' | 'sending' | 'receiving' | 'done' | 'failed';
  readonly error: ErrorCode | null;
}

/** A file coming in: the chunks it lacks (the first few, in order). */
export interface FileWant {
  readonly transfer: string;
  readonly have: number;
  readonly chunks: number;
  readonly missing: number[];
}

export interface ServedChunk {
  readonly index: number;
  readonly bytes: Uint8Array;
}

/** A received chunk: kept (`new`), held already, refused, or of no file coming in here. */
export interface ChunkOutcome {
  readonly outcome: 'new' | 'duplicate' | 'rejected' | 'unknown';
  readonly status: FileStatus | null;
}
