/**
 * One sync session with one peer, over any transport that carries byte messages in order (a
 * WebRTC data channel, a MessagePort, the in-memory pipe of the tests). Both sides run the same
 * session: each pulls what it lacks and serves what the other lacks, at the same time, so a
 * session ends when both pulls are done.
 *
 * Nothing from the peer is trusted: malformed messages, invalid blocks and blobs that do not match
 * their hash end the session with a coded error (and an `abort` to the peer), after nothing of
 * theirs was applied beyond the blocks that had already been fully validated. The caller logs the
 * error and goes on syncing with other peers.
 */
import { KianaError, isErrorCode } from '@kiana/shared/errors';
import type { ChainTree } from '../chain/tree.ts';
import { encodeMessage, tryDecodeMessage, type SyncMessage } from './messages.ts';
import type { SyncProgress } from './progress.ts';
import { Puller } from './puller.ts';
import { Server } from './server.ts';
import type { ContentStore } from './types.ts';

/** Default target size of one chunk of blocks or blobs. */
export const DEFAULT_CHUNK_BYTES = 64 * 1024;

/** What a session needs from its device and its transport. */
export interface SyncSessionOptions {
  readonly tree: ChainTree;
  readonly contents: ContentStore;
  /** Wall clock for validation (block time bounds). */
  readonly now: () => number;
  /** Sends one message to the peer. */
  readonly send: (bytes: Uint8Array) => void;
  readonly chunkBytes?: number;
}

/** How a session ended. */
export interface SyncReport {
  /** Null when both pulls completed; otherwise why the session stopped. */
  readonly error: KianaError | null;
  /** True when the peer, not we, stopped the session. */
  readonly abortedByPeer: boolean;
  readonly blocksReceived: number;
  readonly blocksSent: number;
  readonly contentsReceived: number;
  readonly contentsSent: number;
}

/** A sync session; call `start` once, then `receive` for every message from the peer. */
export class SyncSession {
  readonly #options: SyncSessionOptions;
  readonly #puller: Puller;
  readonly #server: Server;
  #peerDone = false;
  #report: SyncReport | null = null;
  readonly #finished: Promise<SyncReport>;
  #resolve: (report: SyncReport) => void = () => undefined;

  constructor(options: SyncSessionOptions) {
    this.#options = options;
    const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    this.#puller = new Puller({ tree: options.tree, contents: options.contents, now: options.now });
    this.#server = new Server({ tree: options.tree, contents: options.contents, chunkBytes });
    this.#finished = new Promise((resolve) => (this.#resolve = resolve));
  }

  /** Resolves with the report when the session ends, successfully or not. */
  get finished(): Promise<SyncReport> {
    return this.#finished;
  }

  /** The report once ended, else null. */
  get report(): SyncReport | null {
    return this.#report;
  }

  /** How far our pull has got (null while finding the fork point, when done or ended). */
  get progress(): SyncProgress | null {
    return this.#report === null ? this.#puller.progress : null;
  }

  /** Opens our pull. */
  start(): void {
    this.#send(this.#puller.hello());
  }

  /** Handles one message from the peer. Never throws. */
  receive(bytes: Uint8Array): void {
    if (this.#report !== null) return;
    const message = tryDecodeMessage(bytes);
    if (message instanceof KianaError) {
      this.#fail(message, false);
      return;
    }
    try {
      const reply = this.#handle(message);
      if (reply !== null) this.#send(reply);
      this.#checkDone();
    } catch (error) {
      const coded = error instanceof KianaError ? error : new KianaError('internal', String(error));
      this.#fail(coded, false);
    }
  }

  /** Stops the session from our side (the transport closed, the user left, …). */
  close(code: KianaError['code'] = 'cancelled'): void {
    if (this.#report === null) this.#fail(new KianaError(code, 'closed'), false);
  }

  #handle(m: SyncMessage): SyncMessage | null {
    switch (m.type) {
      case 'hello':
        return this.#server.onHello(m);
      case 'probe':
        return this.#server.onProbe(m);
      case 'more':
        return this.#server.onMore(m.after);
      case 'want':
        return this.#server.onWant(m.hashes);
      case 'narrow':
        return this.#puller.onNarrow(m);
      case 'blocks':
        return this.#puller.onBlocks(m);
      case 'up-to-date':
        return this.#puller.onUpToDate();
      case 'contents':
        return this.#puller.onContents(m);
      case 'done':
        this.#peerDone = true;
        return null;
      case 'abort': {
        const code = isErrorCode(m.code) ? m.code : 'sync-protocol';
        this.#finish(new KianaError(code, `peer stopped: ${m.message}`), true);
        return null;
      }
    }
  }

  #send(message: SyncMessage): void {
    this.#options.send(encodeMessage(message));
  }

  #checkDone(): void {
    if (this.#report === null && this.#puller.done && this.#peerDone) this.#finish(null, false);
  }

  #fail(error: KianaError, byPeer: boolean): void {
    // 200 UTF-16 units stay within the 800-byte limit of an abort's reason.
    this.#send({ type: 'abort', code: error.code, message: error.message.slice(0, 200) });
    this.#finish(error, byPeer);
  }

  #finish(error: KianaError | null, abortedByPeer: boolean): void {
    this.#report = {
      error,
      abortedByPeer,
      blocksReceived: this.#puller.blocksReceived,
      blocksSent: this.#server.blocksSent,
      contentsReceived: this.#puller.contentsReceived,
      contentsSent: this.#server.contentsSent,
    };
    this.#resolve(this.#report);
  }
}
