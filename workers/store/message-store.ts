/**
 * Messaging in the store: the outbox and inbox of every conversation and the ratchet state of
 * each peer, changed together in one transaction per call, so a crash never leaves a ciphertext
 * without the state that made it, nor a state that moved past a message nobody kept. Each method
 * takes one turn of the store lock. Messages never touch the chain: they are not memories.
 */
import { KianaError } from '@kiana/shared/errors';
import type { Emit } from '../../src/core/api/contract.ts';
import { SELF } from '../../src/core/api/messages.ts';
import type {
  ConversationSummary,
  MessageItem,
  MessageState,
  MessageStats,
  OutgoingMessage,
  ReceiveOutcome,
} from '../../src/core/api/messages-types.ts';
import type { StoreEvents } from '../../src/core/api/store.ts';
import { toHex } from '../../src/core/chain/bytes.ts';
import {
  decodeRatchetState,
  encodeRatchetState,
} from '../../src/core/crypto/ratchet/state-codec.ts';
import { decrypt, encrypt } from '../../src/core/crypto/ratchet/session.ts';
import type { RatchetSuite } from '../../src/core/crypto/ratchet/suite.ts';
import {
  checkBody,
  decodeEnvelope,
  encodeEnvelope,
  type Envelope,
  type MessageBody,
} from '../../src/core/messaging/envelope.ts';
import { chunkCount } from '../../src/core/messaging/files.ts';
import { MAX_RECEIPT_IDS } from '../../src/core/messaging/frames.ts';
import { messageId } from '../../src/core/messaging/id.ts';
import type { Locked, StoreLock } from './lock.ts';
import * as files from './tables/files.ts';
import * as t from './tables/messages.ts';
import * as mirrors from './tables/mirrors.ts';

export interface MessageDeps {
  readonly lock: StoreLock;
  readonly suite: RatchetSuite;
  readonly sha256: (bytes: Uint8Array) => Uint8Array;
  /** This device: the sender in the ids of messages written here. */
  readonly device: string;
  readonly now: () => number;
  readonly emit: Emit<StoreEvents>;
}

/** Bytes of received files kept per conversation before further ones are not fetched. */
export const FILE_QUOTA_BYTES = 500 * 1024 * 1024;

const REFUSALS = ['message-rejected', 'message-replayed', 'bad-message'] as const;
type Refusal = (typeof REFUSALS)[number];
const isRefusal = (e: unknown): e is KianaError & { code: Refusal } =>
  e instanceof KianaError && (REFUSALS as readonly string[]).includes(e.code);

function toItem(row: t.MessageRow): MessageItem {
  return {
    id: row.id,
    conversation: row.conversation,
    direction: row.direction === 'in' ? 'in' : 'out',
    body: parseBody(row.body),
    state: row.state as MessageState,
    at: row.at,
  };
}

/** A stored body, checked again on the way out like everything read back from disk. */
function parseBody(json: string): MessageBody {
  const stored = JSON.parse(json) as { kind?: unknown };
  return checkBody({ ...stored, k: stored.kind });
}

/** Files stay on the device they were noted on: only written notes go to my other devices. */
const isWritten = (row: { body: string }): boolean => parseBody(row.body).kind !== 'file';

export class MessageStore {
  constructor(private readonly deps: MessageDeps) {}

  changed(conversation: string): void {
    this.deps.emit('messages.changed', { conversation });
  }

  /** The sender named in the ids of my notes to self as my other devices receive them. */
  #selfSender(device: string): string {
    return `${device}/self`;
  }

  /** Starts a session unless one of the same pairing exists; a new pairing re-encrypts the outbox. */
  start(peer: string, pairing: string, state: Uint8Array): Promise<boolean> {
    decodeRatchetState(state);
    return this.deps.lock.run((db) =>
      db.transaction(async () => {
        const existing = await t.getSession(db, peer);
        if (existing?.pairing === pairing) return false;
        await t.putSession(db, { peer, pairing, state });
        if (existing) {
          await t.requeue(db, peer);
          await mirrors.requeue(db, peer);
        }
        return true;
      }),
    );
  }

  async send(conversation: string, body: MessageBody): Promise<MessageItem> {
    const item = await this.deps.lock.run((db) =>
      db.transaction(() => this.queue(db, conversation, body)),
    );
    this.changed(conversation);
    return item;
  }

  /** Keeps a message of mine, queued for its peer, inside the caller's transaction. */
  async queue(db: Locked, conversation: string, body: MessageBody): Promise<MessageItem> {
    const counter = await t.nextCounter(db, conversation);
    const row: t.NewMessage = {
      conversation,
      direction: 'out',
      id: messageId(this.deps.sha256, this.deps.device, counter, body),
      counter,
      body: JSON.stringify(body),
      // A note to self has no peer to deliver it to (my other devices get copies: mirrors).
      state: conversation === SELF ? 'read' : 'queued',
      at: this.deps.now(),
      cipherHash: null,
    };
    const seq = await t.insertMessage(db, row);
    return toItem({ ...row, seq, cipher: null });
  }

  /**
   * Encrypts the queued tail (in order, one state update) and returns all unacknowledged; for a
   * My device (`mine`) my notes to self follow, each sealed once for that device.
   */
  outgoing(peer: string, mine = false): Promise<OutgoingMessage[]> {
    return this.deps.lock.run((db) =>
      db.transaction(async () => {
        const rows = await t.unacknowledged(db, peer);
        const notes = mine ? (await mirrors.unacknowledged(db, peer)).filter(isWritten) : [];
        const unsealed = rows.some((r) => r.cipher === null) || notes.some((r) => !r.cipher);
        const session = unsealed ? await t.getSession(db, peer) : undefined;
        const out: OutgoingMessage[] = [];
        if (session) {
          let state = decodeRatchetState(session.state);
          const seal = (envelope: Envelope): Uint8Array => {
            const sealed = encrypt(this.deps.suite, state, encodeEnvelope(envelope));
            state = sealed.state;
            return sealed.message;
          };
          for (const row of rows) {
            if (row.cipher !== null) continue;
            row.cipher = seal(await this.#envelope(db, row.counter, parseBody(row.body)));
            await t.setCipher(db, row.seq, row.cipher);
          }
          for (const note of notes) {
            if (note.cipher) continue;
            const body = parseBody(note.body);
            note.cipher = seal({ counter: note.counter, body, self: true });
            const id = this.#noteId(this.deps.device, note.counter, body);
            await mirrors.setCipher(db, peer, { id, seq: note.seq, cipher: note.cipher });
          }
          await t.saveState(db, peer, encodeRatchetState(state));
        }
        // Without a session nothing new goes out; rows before the first unsealed one still may.
        for (const row of rows) {
          if (row.cipher === null) break;
          out.push({ id: row.id, bytes: row.cipher });
        }
        for (const note of notes) {
          if (!note.cipher) break;
          const id = this.#noteId(this.deps.device, note.counter, parseBody(note.body));
          out.push({ id, bytes: note.cipher });
        }
        return out;
      }),
    );
  }

  /** A message's envelope; a file's carries its key (kept beside it, never in the body). */
  async #envelope(db: Locked, counter: number, body: MessageBody): Promise<Envelope> {
    if (body.kind !== 'file') return { counter, body };
    const row = await files.getFile(db, body.transfer);
    if (!row) throw new KianaError('internal', 'a file announcement without its file');
    return { counter, body, fileKey: row.key };
  }

  /** The id my note to self has on my other devices (apart from every conversation's ids). */
  #noteId(device: string, counter: number, body: MessageBody): string {
    return messageId(this.deps.sha256, this.#selfSender(device), counter, body);
  }

  async receipt(peer: string, type: 'sent' | 'delivered' | 'read', ids: string[]): Promise<void> {
    const from = {
      sent: ['queued'],
      delivered: ['queued', 'sent'],
      read: ['queued', 'sent', 'delivered'],
    }[type];
    const moved = await this.deps.lock.run(async (db) => {
      await mirrors.advance(db, peer, ids, from, type === 'read' ? 'delivered' : type);
      return t.advance(db, peer, ids, from, type);
    });
    if (moved > 0) this.changed(peer);
  }

  /**
   * A ratchet message from `peer`: kept once; refusals counted, never thrown at the peer. A note
   * to self from a My device (`mine`) goes into Note to self; from anyone else it is refused.
   */
  async receive(peer: string, bytes: Uint8Array, mine = false): Promise<ReceiveOutcome> {
    let landed = peer;
    const outcome = await this.deps.lock.run((db) =>
      db.transaction(async (): Promise<ReceiveOutcome> => {
        const hash = toHex(this.deps.sha256(bytes));
        const known = await t.idByCipher(db, peer, hash);
        if (known !== undefined) {
          await t.count(db, 'duplicate');
          return { outcome: 'duplicate', id: known };
        }
        const session = await t.getSession(db, peer);
        if (!session) {
          await t.count(db, 'message-rejected');
          return { outcome: 'rejected', code: 'message-rejected' };
        }
        let opened;
        try {
          opened = decrypt(this.deps.suite, decodeRatchetState(session.state), bytes);
        } catch (error) {
          if (!isRefusal(error)) throw error;
          await t.count(db, error.code);
          return { outcome: 'rejected', code: error.code };
        }
        // The key is spent whatever the plaintext says: keep the state so it cannot open twice.
        await t.saveState(db, peer, encodeRatchetState(opened.state));
        let envelope;
        try {
          envelope = decodeEnvelope(opened.plaintext);
          // A contact must not write into my notes; a copy of a note carries no file.
          if (envelope.self && (!mine || envelope.body.kind === 'file')) throw new Error('self');
        } catch {
          await t.count(db, 'bad-message');
          return { outcome: 'rejected', code: 'bad-message' };
        }
        const conversation = envelope.self ? SELF : peer;
        const sender = envelope.self ? this.#selfSender(peer) : peer;
        const id = messageId(this.deps.sha256, sender, envelope.counter, envelope.body);
        if (await t.hasIncoming(db, conversation, id)) {
          await t.count(db, 'duplicate');
          return { outcome: 'duplicate', id };
        }
        if (envelope.body.kind === 'file' && !(await this.#announced(db, peer, id, envelope))) {
          await t.count(db, 'bad-message');
          return { outcome: 'rejected', code: 'bad-message' };
        }
        await t.insertMessage(db, {
          conversation,
          direction: 'in',
          id,
          counter: envelope.counter,
          body: JSON.stringify(envelope.body),
          // A note is mine: nothing to read receipt.
          state: envelope.self ? 'read' : 'unread',
          at: this.deps.now(),
          cipherHash: hash,
        });
        landed = conversation;
        return { outcome: 'new', id };
      }),
    );
    if (outcome.outcome === 'new') this.changed(landed);
    return outcome;
  }

  /** Keeps a file announced by `peer`, to be pulled; false if its transfer id is taken. */
  async #announced(db: Locked, peer: string, id: string, envelope: Envelope): Promise<boolean> {
    const { body, fileKey } = envelope;
    if (body.kind !== 'file' || !fileKey) return false;
    if (await files.getFile(db, body.transfer)) return false;
    // Every announcement is pulled without asking: a contact sending file after file would fill
    // the browser's quota, and memories share it. Past the quota the message stays, its file
    // is not fetched, and the conversation says why.
    const over = (await files.incomingBytes(db, peer)) + body.size > FILE_QUOTA_BYTES;
    await files.insertFile(db, {
      transfer: body.transfer,
      conversation: peer,
      direction: 'in',
      message: id,
      name: body.name,
      mime: body.mime,
      size: body.size,
      chunks: chunkCount(body.size),
      sha256: body.sha256,
      key: fileKey,
      have: 0,
      state: over ? 'failed' : 'receiving',
      error: over ? 'file-quota' : null,
    });
    return true;
  }

  list(conversation: string): Promise<MessageItem[]> {
    return this.deps.lock.run(async (db) => (await t.listMessages(db, conversation)).map(toItem));
  }

  conversations(): Promise<ConversationSummary[]> {
    return this.deps.lock.run((db) => t.conversations(db));
  }

  async markRead(conversation: string): Promise<string[]> {
    const ids = await this.deps.lock.run((db) => t.markRead(db, conversation));
    if (ids.length > 0) this.changed(conversation);
    return ids;
  }

  /** Read receipts owed to `peer`; `again`: also those sent but not acknowledged. */
  receiptsOwed(peer: string, again = false): Promise<string[]> {
    return this.deps.lock.run((db) => t.receiptsOwed(db, peer, MAX_RECEIPT_IDS, again));
  }

  receiptsSent(peer: string, ids: readonly string[]): Promise<void> {
    return this.deps.lock.run((db) => t.receiptsSent(db, peer, ids, 2));
  }

  receiptsAcked(peer: string, ids: readonly string[]): Promise<void> {
    return this.deps.lock.run((db) => t.receiptsSent(db, peer, ids, 0));
  }

  async stats(): Promise<MessageStats> {
    const rows = await this.deps.lock.run((db) => t.counts(db));
    const of = (code: string) => rows.find((r) => r.code === code)?.n ?? 0;
    return {
      duplicate: of('duplicate'),
      'file-chunk-rejected': of('file-chunk-rejected'),
      'message-rejected': of('message-rejected'),
      'message-replayed': of('message-replayed'),
      'bad-message': of('bad-message'),
    };
  }
}
