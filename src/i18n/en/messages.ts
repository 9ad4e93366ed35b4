/** The Messages view. */
export const messagesMessages = {
  messages: {
    placeholder:
      'Coming next: messages between your own devices and the people you pair with as contacts, end-to-end encrypted, so only the devices that take part can read them.',
  },
};

export type MessagesMessages = typeof messagesMessages;
