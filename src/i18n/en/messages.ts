import { messagesEn } from '../messages.en.ts';

/** The Messages view (its strings live in ../messages.en.ts). */
export const messagesMessages = { messages: messagesEn };

export type MessagesMessages = typeof messagesMessages;
