import { messagesDe } from '../messages.de.ts';
import type { MessagesMessages } from '../en/messages.ts';

/** The Messages view (its strings live in ../messages.de.ts). */
export const messagesMessages: MessagesMessages = { messages: messagesDe };
