/**
 * Routes received messages by topic to their handlers. A handler that throws is logged and the
 * others still run: one broken feature must not stop sync or messaging.
 */
import { KianaError } from '@kiana/shared/errors';
import type { DeviceId } from '@kiana/shared/ids';
import { isTopic } from '@kiana/shared/protocol/frames';
import type { TopicHandler } from './types.ts';

export class Topics {
  readonly #handlers = new Map<string, Set<TopicHandler>>();
  readonly #log: (message: string, detail?: unknown) => void;

  constructor(log: (message: string, detail?: unknown) => void) {
    this.#log = log;
  }

  /**
   * Routes messages of `topic` to `handler`; returns the unsubscribe function.
   *
   * @throws KianaError `bad-message` for a topic that does not match the wire rule
   */
  on(topic: string, handler: TopicHandler): () => void {
    if (!isTopic(topic)) throw new KianaError('bad-message', `bad topic ${String(topic)}`);
    let set = this.#handlers.get(topic);
    if (set === undefined) this.#handlers.set(topic, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Hands one message from `from` to every handler of its topic. */
  deliver(from: DeviceId, topic: string, bytes: Uint8Array): void {
    const handlers = this.#handlers.get(topic);
    if (handlers === undefined || handlers.size === 0) {
      return this.#log(`no handler for topic ${topic}`);
    }
    for (const handler of handlers) {
      try {
        handler(from, bytes);
      } catch (error) {
        this.#log(`handler for ${topic} failed`, error);
      }
    }
  }
}
