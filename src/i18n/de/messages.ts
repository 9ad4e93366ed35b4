import type { MessagesMessages } from '../en/messages.ts';

/** The Messages view. */
export const messagesMessages: MessagesMessages = {
  messages: {
    placeholder:
      'Als Nächstes kommen Nachrichten zwischen deinen eigenen Geräten und den Menschen, die du als Kontakt koppelst, Ende-zu-Ende-verschlüsselt, sodass nur die beteiligten Geräte sie lesen können.',
  },
};
