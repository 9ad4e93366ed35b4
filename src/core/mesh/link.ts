/**
 * One data channel to one peer as the mesh uses it: frames decoded and validated, data chunks
 * reassembled, and writes serialised with flow control — a sender waits while the channel's send
 * buffer is above {@link HIGH_WATER_BYTES}, so a large transfer neither exhausts memory nor
 * starves heartbeats of the buffer for seconds.
 */
import { KianaError } from '@kiana/shared/errors';
import type { DeviceId } from '@kiana/shared/ids';
import { controlFrame, parseFrame, Reassembler } from '@kiana/shared/protocol/frames';
import type { ControlMessage, HelloMessage } from '@kiana/shared/protocol/mesh';
import type { ChannelBinding } from '../pairing/types.ts';
import { HIGH_WATER_BYTES, type Channel } from './transport.ts';

/** A reassembled message. */
export interface LinkMessage {
  readonly seq: number;
  readonly topic: string;
  readonly bytes: Uint8Array;
}

export interface LinkHandlers {
  readonly control: (link: Link, message: ControlMessage) => void;
  readonly message: (link: Link, message: LinkMessage) => void;
  /** A frame failed validation; the link is closed right after. */
  readonly bad: (link: Link, error: unknown) => void;
  readonly closed: (link: Link) => void;
}

/**
 * `opening`: challenge and proofs (nothing about us has crossed); `hello`: the peer proved a
 * pairing, waiting for its hello; `resume`: hello checked; `up`: carrying messages;
 * `unpairing`: the peer proved a pairing we removed, and carries only our `unpair` until it
 * closes. Each phase is entered only by its transition method below, from the phase before it.
 */
export type LinkPhase = 'opening' | 'hello' | 'resume' | 'up' | 'unpairing' | 'closed';

let counter = 0;

export class Link {
  readonly id = ++counter;
  readonly channel: Channel;
  readonly createdAt: number;
  #phase: LinkPhase = 'opening';
  #hello: HelloMessage | undefined;
  #deviceId: DeviceId | undefined;
  readonly #handlers: LinkHandlers;
  readonly #reassembler = new Reassembler();
  #tail: Promise<void> = Promise.resolve();
  #drained: (() => void) | undefined;

  constructor(channel: Channel, createdAt: number, handlers: LinkHandlers) {
    this.channel = channel;
    this.createdAt = createdAt;
    this.#handlers = handlers;
    channel.listen({
      frame: (frame) => this.#onFrame(frame),
      drain: () => this.#drained?.(),
      close: () => this.#onClose(),
    });
  }

  get phase(): LinkPhase {
    return this.#phase;
  }

  /** The peer's checked hello, from phase `resume` on. */
  get hello(): HelloMessage | undefined {
    return this.#hello;
  }

  /** The device that proved its pairing on this channel, from phase `hello` on. */
  get deviceId(): DeviceId | undefined {
    return this.#deviceId;
  }

  /** `opening` → `hello`: the peer proved the pairing with `deviceId`. */
  markProven(deviceId: DeviceId): void {
    this.#step('opening', 'hello');
    this.#deviceId = deviceId;
  }

  /** `opening` → `unpairing`: the peer proved a pairing we removed; it is told, then closed. */
  markUnpairing(): void {
    this.#step('opening', 'unpairing');
  }

  /** `hello` → `resume`: the peer's hello verified for this channel and this device. */
  markGreeted(hello: HelloMessage): void {
    this.#step('hello', 'resume');
    this.#hello = hello;
  }

  /** `resume` → `up`: the peer's resume arrived; the link carries messages from now on. */
  markUp(): void {
    this.#step('resume', 'up');
  }

  /**
   * Moves from `from` to `to`, or refuses: a transition out of order is a bug in the mesh (the
   * peer's messages are checked against the phase before any transition), so it throws.
   *
   * @throws KianaError `internal` when the link is not in phase `from`
   */
  #step(from: LinkPhase, to: LinkPhase): void {
    if (this.#phase !== from) {
      throw new KianaError('internal', `link ${this.id}: ${this.#phase} cannot become ${to}`);
    }
    this.#phase = to;
  }

  /** The channel's DTLS fingerprints as this side sees them. */
  get binding(): ChannelBinding {
    return { local: this.channel.localFingerprint, remote: this.channel.remoteFingerprint };
  }

  /** Sends a control message now (they are small; they do not wait for the buffer). */
  sendControl(message: ControlMessage): void {
    if (this.#phase === 'closed') return;
    try {
      this.channel.send(controlFrame(message));
    } catch {
      this.close(); // the channel died under us; its close event does the rest
    }
  }

  /**
   * Writes the frames of one message after any earlier message, waiting for the buffer to
   * drain as needed. Resolves when all frames are handed to the channel, or when the link
   * closed (the mesh keeps the message for resumption on the next link).
   */
  write(frames: readonly Uint8Array[]): Promise<void> {
    const run = this.#tail.then(() => this.#writeAll(frames));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async #writeAll(frames: readonly Uint8Array[]): Promise<void> {
    for (const frame of frames) {
      while (this.#phase !== 'closed' && this.channel.bufferedAmount > HIGH_WATER_BYTES) {
        await new Promise<void>((resolve) => {
          this.#drained = resolve;
          // A drain event can be missed if the buffer emptied between the check and the wait.
          setTimeout(resolve, 250);
        });
      }
      if (this.#phase === 'closed') return;
      try {
        this.channel.send(frame);
      } catch {
        this.close();
        return;
      }
    }
  }

  close(): void {
    if (this.#phase === 'closed') return;
    this.channel.close();
    this.#onClose();
  }

  #onFrame(bytes: Uint8Array): void {
    if (this.#phase === 'closed') return;
    try {
      const frame = parseFrame(bytes);
      if (frame.kind === 'control') {
        this.#handlers.control(this, frame.message);
        return;
      }
      if (this.#phase !== 'up') throw new KianaError('bad-message', 'data before the hello');
      const message = this.#reassembler.push(frame);
      if (message !== null) this.#handlers.message(this, message);
    } catch (error) {
      // Invalid input from a peer is logged by the mesh and ends this channel, never the page.
      this.#handlers.bad(this, error);
      this.close();
    }
  }

  #onClose(): void {
    if (this.#phase === 'closed') return;
    this.#phase = 'closed';
    this.#drained?.();
    this.#handlers.closed(this);
  }
}
