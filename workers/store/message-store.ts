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
  type MessageBody,
} from '../../src/core/messaging/envelope.ts';
import { MAX_RECEIPT_IDS } from '../../src/core/messaging/frames.ts';
import { messageId } from '../../src/core/messaging/id.ts';
import type { StoreLock } from './lock.ts';
import * as t from './tables/messages.ts';

export interface MessageDeps {
  readonly lock: StoreLock;
  readonly suite: RatchetSuite;
  readonly sha256: (bytes: Uint8Array) => Uint8Array;
  /** This device: the sender in the ids of messages written here. */
  readonly device: string;
  readonly now: () => number;
  readonly emit: Emit<StoreEvents>;
}

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

export class MessageStore {
  constructor(private readonly deps: MessageDeps) {}

  private changed(conversation: string): void {
    this.deps.emit('messages.changed', { conversation });
  }

  /** Starts a session unless one of the same pairing exists; a new pairing re-encrypts the outbox. */
  start(peer: string, pairing: string, state: Uint8Array): Promise<boolean> {
    decodeRatchetState(state);
    return this.deps.lock.run((db) =>
      db.transaction(async () => {
        const existing = await t.getSession(db, peer);
        if (existing?.pairing === pairing) return false;
        await t.putSession(db, { peer, pairing, state });
        if (existing) await t.requeue(db, peer);
        return true;
      }),
    );
  }

  async send(conversation: string, body: MessageBody): Promise<MessageItem> {
    const item = await this.deps.lock.run((db) =>
      db.transaction(async () => {
        const counter = await t.nextCounter(db, conversation);
        const row: t.NewMessage = {
          conversation,
          direction: 'out',
          id: messageId(this.deps.sha256, this.deps.device, counter, body),
          counter,
          body: JSON.stringify(body),
          // Note to self stays on this device: nothing to deliver.
          state: conversation === SELF ? 'read' : 'queued',
          at: this.deps.now(),
          cipherHash: null,
        };
        const seq = await t.insertMessage(db, row);
        return toItem({ ...row, seq, cipher: null });
      }),
    );
    this.changed(conversation);
    return item;
  }

  /** Encrypts the queued tail (in order, one state update) and returns all unacknowledged. */
  outgoing(peer: string): Promise<OutgoingMessage[]> {
    return this.deps.lock.run((db) =>
      db.transaction(async () => {
        const rows = await t.unacknowledged(db, peer);
        const session = rows.some((r) => r.cipher === null)
          ? await t.getSession(db, peer)
          : undefined;
        const out: OutgoingMessage[] = [];
        if (session) {
          let state = decodeRatchetState(session.state);
          for (const row of rows) {
            if (row.cipher !== null) continue;
            const body = parseBody(row.body);
            const sealed = encrypt(
              this.deps.suite,
              state,
              encodeEnvelope({ counter: row.counter, body }),
            );
            state = sealed.state;
            row.cipher = sealed.message;
            await t.setCipher(db, row.seq, sealed.message);
          }
          await t.saveState(db, peer, encodeRatchetState(state));
        }
        // Without a session nothing new goes out; rows before the first unsealed one still may.
        for (const row of rows) {
          if (row.cipher === null) break;
          out.push({ id: row.id, bytes: row.cipher });
        }
        return out;
      }),
    );
  }

  async receipt(peer: string, type: 'sent' | 'delivered' | 'read', ids: string[]): Promise<void> {
    const from = {
      sent: ['queued'],
      delivered: ['queued', 'sent'],
      read: ['queued', 'sent', 'delivered'],
    }[type];
    const moved = await this.deps.lock.run((db) => t.advance(db, peer, ids, from, type));
    if (moved > 0) this.changed(peer);
  }

  /** A ratchet message from `peer`: kept once; refusals counted, never thrown at the peer. */
  async receive(peer: string, bytes: Uint8Array): Promise<ReceiveOutcome> {
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
        } catch {
          await t.count(db, 'bad-message');
          return { outcome: 'rejected', code: 'bad-message' };
        }
        const id = messageId(this.deps.sha256, peer, envelope.counter, envelope.body);
        if (await t.hasIncoming(db, peer, id)) {
          await t.count(db, 'duplicate');
          return { outcome: 'duplicate', id };
        }
        await t.insertMessage(db, {
          conversation: peer,
          direction: 'in',
          id,
          counter: envelope.counter,
          body: JSON.stringify(envelope.body),
          state: 'unread',
          at: this.deps.now(),
          cipherHash: hash,
        });
        return { outcome: 'new', id };
      }),
    );
    if (outcome.outcome === 'new') this.changed(peer);
    return outcome;
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

  receiptsOwed(peer: string): Promise<string[]> {
    return this.deps.lock.run((db) => t.receiptsOwed(db, peer, MAX_RECEIPT_IDS));
  }

  receiptsSent(peer: string, ids: readonly string[]): Promise<void> {
    return this.deps.lock.run((db) => t.receiptsSent(db, peer, ids));
  }

  async stats(): Promise<MessageStats> {
    const rows = await this.deps.lock.run((db) => t.counts(db));
    const of = (code: string) => rows.find((r) => r.code === code)?.n ?? 0;
    return {
      duplicate: of('duplicate'),
      'message-rejected': of('message-rejected'),
      'message-replayed': of('message-replayed'),
      'bad-message': of('bad-message'),
    };
  }
}
