/**
 * Files in the store (docs/PROTOCOL.md › Messages › Files). Mine are written in chunks, sealed
 * under the file's own key as they come and kept sealed, so a chunk asked for again after a
 * reload is the very same bytes; the announcement is queued like any message (MessageStore). Theirs
 * are pulled: each chunk is opened and checked on arrival and kept opened, and when the last one
 * is in, the whole file's SHA-256 decides between `done` and `failed`. One transaction per call.
 */
import { KianaError, type ErrorCode } from '@kiana/shared/errors';
import type { Emit } from '../../src/core/api/contract.ts';
import { SELF } from '../../src/core/api/conversation.ts';
import type {
  ChunkOutcome,
  FileStatus,
  FileWant,
  MessageItem,
  ServedChunk,
} from '../../src/core/api/messages-types.ts';
import type { StoreEvents } from '../../src/core/api/store.ts';
import { fromHex, toHex } from '../../src/core/chain/bytes.ts';
import type { RatchetSuite } from '../../src/core/crypto/ratchet/suite.ts';
import { missingChunks, WANT_WINDOW } from '../../src/core/messaging/file-wants.ts';
import {
  CHUNK_BYTES,
  FILE_KEY_BYTES,
  checkFileBody,
  chunkCount,
  chunkLength,
  openChunk,
  sealChunk,
  tooLarge,
  MAX_FILE_BYTES,
  type ChunkPlace,
  type FileBody,
} from '../../src/core/messaging/files.ts';
import type { Locked, StoreLock } from './lock.ts';
import type { MessageStore } from './message-store.ts';
import * as f from './tables/files.ts';
import { count } from './tables/messages.ts';

export interface FileDeps {
  readonly lock: StoreLock;
  readonly suite: RatchetSuite;
  readonly messages: MessageStore;
  readonly emit: Emit<StoreEvents>;
}

/** Done incoming files whose completion is told again on a new channel (the last may be lost). */
const RETELL_DONE = 20;

function status(row: f.FileRow): FileStatus {
  return {
    transfer: row.transfer,
    conversation: row.conversation,
    direction: row.direction === 'in' ? 'in' : 'out',
    have: row.have,
    chunks: row.chunks,
    state: row.state as FileStatus['state'],
    error: row.error as ErrorCode | null,
  };
}

const place = (row: f.FileRow, index: number): ChunkPlace => ({
  transfer: fromHex(row.transfer),
  key: row.key,
  index,
  count: row.chunks,
});

const notFound = (): never => {
  throw new KianaError('not-found', 'no such file here');
};

async function sha256(parts: readonly Uint8Array[]): Promise<string> {
  const whole = concat(parts);
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', whole)));
}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export class FileStore {
  constructor(private readonly deps: FileDeps) {}

  #emit(row: f.FileRow): void {
    this.deps.emit('messages.file', status(row));
  }

  async begin(
    conversation: string,
    announced: { name: string; mime: string; size: number; sha256: string },
  ): Promise<{ transfer: string; chunks: number; chunkBytes: number }> {
    if (announced.size > MAX_FILE_BYTES) throw tooLarge(announced.size);
    const transfer = toHex(this.deps.suite.randomBytes(16));
    const body = checkFileBody({ ...announced, transfer });
    const row: f.FileRow = {
      ...body,
      conversation,
      direction: 'out',
      message: null,
      chunks: chunkCount(body.size),
      key: this.deps.suite.randomBytes(FILE_KEY_BYTES),
      have: 0,
      state: 'writing',
      error: null,
    };
    await this.deps.lock.run((db) => f.insertFile(db, row));
    return { transfer, chunks: row.chunks, chunkBytes: CHUNK_BYTES };
  }

  write(transfer: string, index: number, bytes: Uint8Array): Promise<void> {
    return this.deps.lock.run(async (db) => {
      const row = await f.getFile(db, transfer);
      if (row?.direction !== 'out' || row.state !== 'writing') return notFound();
      if (bytes.length !== chunkLength(row.size, index)) {
        throw new KianaError(
          'bad-message',
          `chunk ${index} must have ${chunkLength(row.size, index)} bytes`,
        );
      }
      await f.putChunk(db, transfer, index, sealChunk(this.deps.suite, place(row, index), bytes));
    });
  }

  async end(transfer: string): Promise<MessageItem> {
    const { item, row } = await this.deps.lock.run((db) =>
      db.transaction(async () => {
        const row = await f.getFile(db, transfer);
        if (row?.direction !== 'out' || row.state !== 'writing') return notFound();
        const held = await f.heldChunks(db, transfer);
        if (held.length !== row.chunks) {
          throw new KianaError('bad-message', `file: ${row.chunks - held.length} chunks missing`);
        }
        const item = await this.deps.messages.queue(db, row.conversation, fileBody(row));
        // Note to self keeps the file here: nothing to send, nothing to wait for.
        const self = row.conversation === SELF;
        const set = {
          message: item.id,
          state: self ? 'done' : 'sending',
          have: self ? row.chunks : 0,
        };
        await f.update(db, transfer, set);
        return { item, row: { ...row, ...set } };
      }),
    );
    this.deps.messages.changed(row.conversation);
    this.#emit(row);
    return item;
  }

  async files(conversation: string): Promise<FileStatus[]> {
    const rows = await this.deps.lock.run((db) => f.filesIn(db, conversation));
    return rows.map(status);
  }

  async wants(peer: string): Promise<FileWant[]> {
    return this.deps.lock.run(async (db) => {
      const out: FileWant[] = [];
      for (const row of await f.receiving(db, peer)) {
        const held = await f.heldChunks(db, row.transfer);
        const missing = missingChunks(row.chunks, held, 2 * WANT_WINDOW);
        out.push({ transfer: row.transfer, have: held.length, chunks: row.chunks, missing });
      }
      for (const row of await f.doneFrom(db, peer, RETELL_DONE)) {
        out.push({ transfer: row.transfer, have: row.chunks, chunks: row.chunks, missing: [] });
      }
      return out;
    });
  }

  /** The receiver's `want`: record how far it got (the sender's progress) and serve the chunks. */
  async serve(
    peer: string,
    transfer: string,
    have: number,
    indices: number[],
  ): Promise<ServedChunk[]> {
    const { served, row } = await this.deps.lock.run((db) =>
      db.transaction(async () => {
        const row = await f.getFile(db, transfer);
        if (row?.direction !== 'out' || row.conversation !== peer || row.state === 'writing') {
          return { served: [], row: undefined };
        }
        const done = Math.min(have, row.chunks) === row.chunks;
        let changed: f.FileRow | undefined;
        if (row.state === 'sending' && (have !== row.have || done)) {
          const set = { have: Math.min(have, row.chunks), state: done ? 'done' : 'sending' };
          await f.update(db, transfer, set);
          changed = { ...row, ...set };
        }
        const served: ServedChunk[] = [];
        // Each index once: a `want` repeating one index must not make us send it over and over.
        for (const index of new Set(indices)) {
          const bytes = index < row.chunks ? await f.getChunk(db, transfer, index) : undefined;
          if (bytes) served.push({ index, bytes });
        }
        return { served, row: changed };
      }),
    );
    if (row) this.#emit(row);
    return served;
  }

  /** A sealed chunk from `peer`: kept once, or refused (counted, and the file shows why). */
  async chunk(
    peer: string,
    transfer: string,
    index: number,
    sealed: Uint8Array,
  ): Promise<ChunkOutcome> {
    const outcome = await this.deps.lock.run((db) =>
      db.transaction(async (): Promise<ChunkOutcome> => {
        const row = await f.getFile(db, transfer);
        if (row?.direction !== 'in' || row.conversation !== peer) {
          return { outcome: 'unknown', status: null };
        }
        if (row.state !== 'receiving') return { outcome: 'duplicate', status: status(row) };
        if (index >= row.chunks) return { outcome: 'unknown', status: status(row) };
        if ((await f.getChunk(db, transfer, index)) !== undefined) {
          return { outcome: 'duplicate', status: status(row) };
        }
        let plain: Uint8Array;
        try {
          plain = openChunk(
            this.deps.suite,
            place(row, index),
            sealed,
            chunkLength(row.size, index),
          );
        } catch (error) {
          if (!(error instanceof KianaError) || error.code !== 'file-chunk-rejected') throw error;
          await count(db, 'file-chunk-rejected');
          await f.update(db, transfer, { error: 'file-chunk-rejected' });
          return { outcome: 'rejected', status: status({ ...row, error: 'file-chunk-rejected' }) };
        }
        await f.putChunk(db, transfer, index, plain);
        const have = row.have + 1;
        const set = have < row.chunks ? { have } : await this.#finish(db, row);
        await f.update(db, transfer, set);
        return { outcome: 'new', status: status({ ...row, ...set }) };
      }),
    );
    if (outcome.status && outcome.outcome !== 'duplicate') {
      this.deps.emit('messages.file', outcome.status);
    }
    return outcome;
  }

  /** Every chunk is in: the whole file's hash decides. A mismatch keeps nothing of it. */
  async #finish(
    db: Locked,
    row: f.FileRow,
  ): Promise<{ have: number; state: string; error: string | null }> {
    const parts = await f.allChunks(db, row.transfer);
    if ((await sha256(parts)) === row.sha256) {
      return { have: row.chunks, state: 'done', error: null };
    }
    await count(db, 'file-corrupt');
    await f.dropChunks(db, row.transfer);
    return { have: 0, state: 'failed', error: 'file-corrupt' };
  }

  /** The whole file: theirs once done, mine opened from the sealed chunks. */
  async read(transfer: string): Promise<Uint8Array> {
    return this.deps.lock.run(async (db) => {
      const row = await f.getFile(db, transfer);
      if (!row || row.state === 'writing' || (row.direction === 'in' && row.state !== 'done')) {
        return notFound();
      }
      const parts = await f.allChunks(db, transfer);
      if (row.direction === 'in') return concat(parts);
      return concat(
        parts.map((sealed, i) =>
          openChunk(this.deps.suite, place(row, i), sealed, chunkLength(row.size, i)),
        ),
      );
    });
  }
}

function fileBody(row: f.FileRow): FileBody {
  return checkFileBody({ ...row, k: 'file' });
}
