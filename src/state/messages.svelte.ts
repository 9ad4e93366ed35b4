/**
 * Messages as the UI shows them: conversations with unread counts (for the list and the
 * navigation badge), the open conversation's messages, sending, and keeping a received memory as
 * one of mine. Reloaded whenever the store says a conversation changed (a message arrived, was
 * sent, delivered or read), in this tab or another.
 */
import { SvelteSet } from 'svelte/reactivity';
import { newMemoryId } from '@kiana/shared/ids';
import { SELF } from '../core/api/messages.ts';
import type { ConversationSummary, MessageItem } from '../core/api/messages-types.ts';
import type { Memory } from '../core/memory/types.ts';
import type { WrittenBody } from '../core/messaging/envelope.ts';
import { MessageFiles } from './message-files.svelte.ts';
import type { StoreRef } from './store-ref.ts';

export type { ConversationSummary, MessageItem };
export { SELF };

export class MessagesState {
  summaries = $state.raw<readonly ConversationSummary[]>([]);
  /** The open conversation (a device id or `self`), null for the list. */
  current = $state<string | null>(null);
  items = $state.raw<readonly MessageItem[]>([]);
  /** The last failure, shown translated; null after a success. */
  error = $state<unknown>(null);
  /** Received memories kept as mine (by message id), so the button says so. */
  readonly kept = new SvelteSet<string>();
  /** Files of the open conversation: progress, sending, saving. */
  readonly files: MessageFiles;
  #listening = false;
  readonly #store: StoreRef;

  constructor(store: StoreRef) {
    this.#store = store;
    this.files = new MessageFiles(store, (error) => (this.error = error));
  }

  /** Unread messages in all conversations (the navigation's badge). */
  get unread(): number {
    return this.summaries.reduce((n, s) => n + s.unread, 0);
  }

  unreadIn(conversation: string): number {
    return this.summaries.find((s) => s.conversation === conversation)?.unread ?? 0;
  }

  /** Loads the conversations now and after every change. */
  load(): void {
    if (!this.#listening) {
      this.#listening = true;
      this.#store().on('messages.changed', ({ conversation }) => {
        void this.#refresh(conversation);
      });
    }
    void this.#refresh(null);
  }

  async open(conversation: string | null): Promise<void> {
    this.current = conversation;
    this.items = [];
    if (conversation !== null) await this.#refresh(conversation);
  }

  async #refresh(changed: string | null): Promise<void> {
    try {
      const current = this.current;
      if (current !== null && (changed === null || changed === current)) {
        // Shown means read: the sender hears it by a read receipt.
        if (this.unreadIn(current) > 0 || changed === current) {
          await this.#store().call('messages.markRead', { conversation: current });
        }
        const items = await this.#store().call('messages.list', { conversation: current });
        if (this.current === current) this.items = items;
        // A new file announced (or one of mine queued): its progress starts from the store's.
        await this.files.load(current);
      }
      this.summaries = await this.#store().call('messages.conversations', undefined);
    } catch (error) {
      this.error = error;
    }
  }

  /** Sends to the open conversation; false (with `error`) when the store refused. */
  async send(body: WrittenBody): Promise<boolean> {
    const conversation = this.current;
    if (conversation === null) return false;
    try {
      await this.#store().call('messages.send', { conversation, body });
      this.error = null;
      return true;
    } catch (error) {
      this.error = error;
      return false;
    }
  }

  /** Sends a picked file to the open conversation (see MessageFiles). */
  async sendFile(file: File): Promise<boolean> {
    const conversation = this.current;
    if (conversation === null) return false;
    const sent = await this.files.send(conversation, file);
    if (sent) this.error = null;
    return sent;
  }

  /** My latest memories, to attach one (newest first). */
  async recentMemories(limit = 20): Promise<readonly Memory[]> {
    try {
      return (await this.#store().call('memories.list', { limit })).rows;
    } catch (error) {
      this.error = error;
      return [];
    }
  }

  /** Keeps a received memory as a memory of mine (a new one: theirs stays theirs). */
  async keep(item: MessageItem): Promise<void> {
    if (item.body.kind !== 'memory') return;
    try {
      await this.#store().call('memories.put', {
        id: newMemoryId(),
        text: item.body.text,
        tags: [...item.body.tags],
        source: 'message',
      });
      this.kept.add(item.id);
    } catch (error) {
      this.error = error;
    }
  }
}
