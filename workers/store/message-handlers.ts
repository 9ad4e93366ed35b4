/** The store's messaging handlers, spread into its handler map (src/core/api/messages.ts). */
import type { Handlers } from '../../src/core/api/contract.ts';
import type { messagesContract } from '../../src/core/api/messages.ts';
import type { StoreService } from './service.ts';

export function createMessageHandlers(
  store: () => Promise<StoreService>,
): Handlers<typeof messagesContract> {
  const messages = async () => (await store()).messages;
  return {
    'messages.start': async ({ peer, pairing, state }) =>
      (await messages()).start(peer, pairing, state),
    'messages.send': async ({ conversation, body }) => (await messages()).send(conversation, body),
    'messages.outgoing': async ({ peer }) => (await messages()).outgoing(peer),
    'messages.sent': async ({ peer, ids }) => (await messages()).receipt(peer, 'sent', ids),
    'messages.receive': async ({ peer, bytes }) => (await messages()).receive(peer, bytes),
    'messages.receipt': async ({ peer, type, ids }) => (await messages()).receipt(peer, type, ids),
    'messages.list': async ({ conversation }) => (await messages()).list(conversation),
    'messages.conversations': async () => (await messages()).conversations(),
    'messages.markRead': async ({ conversation }) => (await messages()).markRead(conversation),
    'messages.receiptsOwed': async ({ peer }) => (await messages()).receiptsOwed(peer),
    'messages.receiptsSent': async ({ peer, ids }) => (await messages()).receiptsSent(peer, ids),
    'messages.stats': async () => (await messages()).stats(),
  };
}
