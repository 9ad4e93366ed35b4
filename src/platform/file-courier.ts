/**
 * Moves files between the store and the mesh, beside MessageCourier (which owns the per-peer
 * order and calls in here). The receiver pulls: it asks (`want`) for the chunks it lacks, a
 * window at a time, and asks for more when half have come, so the sender sends only what there
 * is room for; the mesh's `bufferedAmount` flow control paces each chunk onto the channel. On a
 * new channel the receiver forgets what it had asked and asks again: that is the whole resume,
 * on either side, because every chunk kept is on disk. A refused chunk is asked for again after
 * the mesh's backoff, so a peer that keeps sending bad bytes is not answered in a tight loop.
 */
import type { DeviceId } from '@kiana/shared/ids';
import type { FileWant } from '../core/api/messages-types.ts';
import { Backoff } from '../core/mesh/backoff.ts';
import { PEER_WANT_WINDOW, WantWindow } from '../core/messaging/file-wants.ts';
import type { MessageFrame } from '../core/messaging/frames.ts';
import type { StoreClient } from './store-client.ts';

type ChunkFrame = Extract<MessageFrame, { type: 'chunk' }>;
type WantFrame = Extract<MessageFrame, { type: 'want' }>;

export interface FileLine {
  /** Runs `step` after everything queued for `peer` (the courier's order). */
  enqueue(peer: DeviceId, step: () => Promise<void>): void;
  /** Sends a frame on topic `msg`; false when the peer is not reachable now. */
  send(peer: DeviceId, frame: MessageFrame): Promise<boolean>;
  isUp(peer: DeviceId): boolean;
}

export class FileCourier {
  /** Per peer, per incoming transfer: what was asked and not yet come. */
  readonly #windows = new Map<DeviceId, Map<string, WantWindow>>();
  readonly #retry = new Map<
    DeviceId,
    { backoff: Backoff; timer: ReturnType<typeof setTimeout> | null }
  >();

  constructor(
    private readonly store: StoreClient,
    private readonly line: FileLine,
  ) {}

  #window(peer: DeviceId, transfer: string): WantWindow {
    let byTransfer = this.#windows.get(peer);
    if (!byTransfer) this.#windows.set(peer, (byTransfer = new Map<string, WantWindow>()));
    let w = byTransfer.get(transfer);
    if (!w) byTransfer.set(transfer, (w = new WantWindow()));
    return w;
  }

  /** A new channel to `peer` (runs in its line): ask again for everything still missing. */
  async restart(peer: DeviceId): Promise<void> {
    for (const w of this.#windows.get(peer)?.values() ?? []) w.reset();
    await this.ask(peer, true);
  }

  /** The channel went: a timer for it would ask on nothing. */
  stop(peer: DeviceId): void {
    const r = this.#retry.get(peer);
    if (r?.timer) clearTimeout(r.timer);
    if (r) r.timer = null;
  }

  /**
   * Asks `peer` for the next chunks of each file still coming from it, where less than half a
   * window is on its way. `retell`: also tell it again which files arrived whole (the last
   * `want` of a file may have been lost with a channel, and it is the sender's 100 %).
   */
  async ask(peer: DeviceId, retell = false): Promise<void> {
    const wants = await this.store.call('messages.fileWants', { peer });
    let room = PEER_WANT_WINDOW;
    for (const w of this.#windows.get(peer)?.values() ?? []) room -= w.asked;
    for (const want of wants) {
      if (want.have === want.chunks) {
        if (retell) await this.#want(peer, want, []);
        this.#windows.get(peer)?.delete(want.transfer);
        continue;
      }
      const w = this.#window(peer, want.transfer);
      if (!w.low || room <= 0) continue;
      const indices = w.next(want.missing, room);
      room -= indices.length;
      if (indices.length > 0 && !(await this.#want(peer, want, indices))) {
        for (const i of indices) w.forget(i);
        return;
      }
    }
  }

  #want(peer: DeviceId, want: FileWant, indices: number[]): Promise<boolean> {
    return this.line.send(peer, {
      type: 'want',
      transfer: want.transfer,
      have: want.have,
      indices,
    });
  }

  /** Mine asked for: the receiver's count is my progress; send the chunks it wants. */
  async served(peer: DeviceId, frame: WantFrame): Promise<void> {
    const { transfer, have, indices } = frame;
    const chunks = await this.store.call('messages.fileServe', { peer, transfer, have, indices });
    for (const { index, bytes } of chunks) {
      if (!(await this.line.send(peer, { type: 'chunk', transfer, index, bytes }))) return;
    }
  }

  /** A chunk of theirs was dropped before it was looked at (too much waiting): ask again later. */
  dropped(peer: DeviceId, frame: ChunkFrame): void {
    this.#windows.get(peer)?.get(frame.transfer)?.forget(frame.index);
    this.#later(peer);
  }

  /** A chunk of theirs: kept, or refused and asked for again later. */
  async received(peer: DeviceId, frame: ChunkFrame): Promise<void> {
    const { transfer, index, bytes } = frame;
    const r = await this.store.call('messages.fileChunk', { peer, transfer, index, bytes });
    if (r.outcome === 'unknown') return;
    const w = this.#window(peer, transfer);
    if (r.outcome === 'rejected') {
      console.warn(`messages: refused chunk ${index} of a file from ${peer}`);
      w.forget(index);
      this.#later(peer);
      return;
    }
    w.arrived(index);
    if (r.status?.state === 'done' || r.status?.state === 'failed') {
      // The sender's 100 %: a last `want` with nothing in it.
      if (r.outcome === 'new') {
        await this.line.send(peer, { type: 'want', transfer, have: r.status.have, indices: [] });
      }
      this.#windows.get(peer)?.delete(transfer);
      return;
    }
    if (w.low) await this.ask(peer);
  }

  /** Asks again after the backoff's next delay (after a refused chunk). */
  #later(peer: DeviceId): void {
    let r = this.#retry.get(peer);
    if (!r) this.#retry.set(peer, (r = { backoff: new Backoff(Math.random), timer: null }));
    if (r.timer !== null) return;
    const retry = r;
    retry.timer = setTimeout(() => {
      retry.timer = null;
      if (this.line.isUp(peer)) this.line.enqueue(peer, () => this.ask(peer));
    }, retry.backoff.next());
  }
}
