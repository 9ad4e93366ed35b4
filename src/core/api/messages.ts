/**
 * The store's messaging methods, spread into `storeContract`: outbox and inbox in SQLite beside
 * the ratchet state of each conversation, so both survive a reload, a crash and the store moving
 * to another tab. The glue in the tab that leads the mesh (src/platform/message-glue.ts) carries
 * what these methods produce; the Messages view lists and sends.
 */
import { checkWritten, type WrittenBody } from '../messaging/envelope.ts';
import { MAX_RECEIPT_IDS, MESSAGE_ID } from '../messaging/frames.ts';
import { array, bool, bytes, check, fail, none, object, oneOf, optional, string } from './check.ts';
import { method } from './contract.ts';
import { conversation, SELF } from './conversation.ts';
import { deviceId } from './fields.ts';
import { messageFilesContract } from './message-files.ts';
import type {
  ConversationId,
  ConversationSummary,
  FileStatus,
  MessageItem,
  MessageStats,
  OutgoingMessage,
  ReceiveOutcome,
} from './messages-types.ts';

export { SELF };
const messageId = string({ pattern: MESSAGE_ID, what: 'a message id' });
const ids = array(messageId, MAX_RECEIPT_IDS);

/** A body from the UI: `{kind: 'text', text}` or `{kind: 'memory', text, tags}`, cleaned. */
const body = check<WrittenBody, WrittenBody>((v, at) => {
  if (typeof v !== 'object' || v === null) return fail(at, 'must be a message body');
  try {
    return checkWritten({ ...v, k: (v as { kind?: unknown }).kind });
  } catch (error) {
    return fail(at, error instanceof Error ? error.message : 'is not a message body');
  }
});

export const messagesContract = {
  /**
   * Starts the ratchet with `peer` from the state the pairing gives (`startSession`), unless a
   * session of the same pairing (`pairing`: a hash of its secret) exists; true if it started one.
   */
  'messages.start': method(
    object({
      peer: deviceId,
      pairing: string({ pattern: MESSAGE_ID, what: 'a pairing hash' }),
      state: bytes(),
    }),
  ).returns<boolean>(),
  /** Queues a message (Note to self is kept here only); returns it as the list shows it. */
  'messages.send': method(object({ conversation, body })).returns<MessageItem>(),
  /**
   * Encrypts what is queued for `peer` and returns every unacknowledged ciphertext, in order;
   * for a My device (`mine`) my notes to self it has not acknowledged come after them.
   */
  'messages.outgoing': method(object({ peer: deviceId, mine: optional(bool, false) })).returns<
    OutgoingMessage[]
  >(),
  /** The mesh took these messages for `peer`: queued → sent. */
  'messages.sent': method(object({ peer: deviceId, ids })).returnsNothing(),
  /**
   * A ratchet message from `peer`: decrypted, checked, kept once. A note to self is accepted
   * only when `peer` is a My device (`mine`, which the mesh knows and the store does not).
   */
  'messages.receive': method(
    object({ peer: deviceId, bytes: bytes(), mine: optional(bool, false) }),
  ).returns<ReceiveOutcome>(),
  /** `peer` acknowledged (`delivered`) or read these messages of mine. */
  'messages.receipt': method(
    object({ peer: deviceId, type: oneOf(['delivered', 'read'] as const), ids }),
  ).returnsNothing(),
  /** A conversation's latest messages, oldest first. */
  'messages.list': method(object({ conversation })).returns<MessageItem[]>(),
  /** Every conversation that has messages, with its unread count. */
  'messages.conversations': method(none).returns<ConversationSummary[]>(),
  /** Marks a conversation's messages read; returns the ids whose read receipt is now owed. */
  'messages.markRead': method(object({ conversation })).returns<string[]>(),
  /**
   * Read receipts owed to `peer` (sent when it is up); `again` (a new channel, a retry) adds
   * those sent but not acknowledged: a receipt lost with its channel goes out once more.
   */
  'messages.receiptsOwed': method(object({ peer: deviceId, again: optional(bool, false) })).returns<
    string[]
  >(),
  /** The mesh took these read receipts for `peer` (they wait for its `read-ack`). */
  'messages.receiptsSent': method(object({ peer: deviceId, ids })).returnsNothing(),
  /** `peer` acknowledged these read receipts: nothing more owed. */
  'messages.receiptsAcked': method(object({ peer: deviceId, ids })).returnsNothing(),
  /** Received frames ignored or refused, by reason. */
  'messages.stats': method(none).returns<MessageStats>(),
  ...messageFilesContract,
};

/** Events of messaging: a conversation changed (new, sent, delivered, read). */
export type MessageEvents = {
  'messages.changed': { conversation: ConversationId };
  /** A file moved on (a chunk kept or confirmed, done, failed): its progress bar follows. */
  'messages.file': FileStatus;
};
