/**
 * Control messages over one channel as an awaitable queue, for the short pairing conversation.
 * Anything that is not a valid control frame ends the conversation.
 */
import { KianaError, type ErrorCode } from '@kiana/shared/errors';
import { controlFrame, parseFrame } from '@kiana/shared/protocol/frames';
import type { ControlMessage } from '@kiana/shared/protocol/mesh';
import type { Channel } from '../mesh/transport.ts';

export class ControlPipe {
  readonly channel: Channel;
  readonly #queue: ControlMessage[] = [];
  /** True once any message arrived: the other side is a party to this conversation. */
  answered = false;
  #waiter: (() => void) | undefined;
  #failure: KianaError | undefined;

  constructor(channel: Channel) {
    this.channel = channel;
    channel.listen({
      frame: (bytes) => {
        try {
          const frame = parseFrame(bytes);
          if (frame.kind !== 'control') throw new KianaError('bad-message', 'data during pairing');
          this.#queue.push(frame.message);
          this.answered = true;
        } catch (error) {
          this.#fail(
            error instanceof KianaError ? error : new KianaError('bad-message', 'bad frame'),
          );
          channel.close();
        }
        this.#waiter?.();
      },
      drain: () => undefined,
      close: () => this.#fail(new KianaError('pairing-refused', 'the channel closed')),
    });
  }

  send(message: ControlMessage): void {
    try {
      this.channel.send(controlFrame(message));
    } catch {
      this.#fail(new KianaError('pairing-refused', 'the channel closed'));
    }
  }

  /** The next message; throws `timeoutCode` after `ms`, or the failure that closed the pipe. */
  async next(ms: number, timeoutCode: ErrorCode = 'timeout'): Promise<ControlMessage> {
    const until = Date.now() + ms;
    for (;;) {
      const message = this.#queue.shift();
      if (message !== undefined) return message;
      if (this.#failure !== undefined) throw this.#failure;
      const left = until - Date.now();
      if (left <= 0) throw new KianaError(timeoutCode, 'no answer in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#waiter = undefined;
    }
  }

  /** Closes after a moment, so a last message sent just before still gets out. */
  closeSoon(): void {
    setTimeout(() => this.channel.close(), 500);
  }

  #fail(error: KianaError): void {
    this.#failure ??= error;
    this.#waiter?.();
  }
}
