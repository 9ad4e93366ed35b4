/** The store's messaging handlers, spread into its handler map (src/core/api/messages.ts). */
import { Transfer, type Handlers } from '../../src/core/api/contract.ts';
import type { messagesContract } from '../../src/core/api/messages.ts';
import type { StoreService } from './service.ts';

export function createMessageHandlers(
  store: () => Promise<StoreService>,
): Handlers<typeof messagesContract> {
  const messages = async () => (await store()).messages;
  const files = async () => (await store()).files;
  return {
    'messages.start': async ({ peer, pairing, state }) =>
      (await messages()).start(peer, pairing, state),
    'messages.send': async ({ conversation, body }) => (await messages()).send(conversation, body),
    'messages.outgoing': async ({ peer, mine }) => (await messages()).outgoing(peer, mine),
    'messages.sent': async ({ peer, ids }) => (await messages()).receipt(peer, 'sent', ids),
    'messages.receive': async ({ peer, bytes, mine }) =>
      (await messages()).receive(peer, bytes, mine),
    'messages.receipt': async ({ peer, type, ids }) => (await messages()).receipt(peer, type, ids),
    'messages.list': async ({ conversation }) => (await messages()).list(conversation),
    'messages.conversations': async () => (await messages()).conversations(),
    'messages.markRead': async ({ conversation }) => (await messages()).markRead(conversation),
    'messages.receiptsOwed': async ({ peer, again }) =>
      (await messages()).receiptsOwed(peer, again),
    'messages.receiptsSent': async ({ peer, ids }) => (await messages()).receiptsSent(peer, ids),
    'messages.receiptsAcked': async ({ peer, ids }) => (await messages()).receiptsAcked(peer, ids),
    'messages.stats': async () => (await messages()).stats(),
    'messages.fileBegin': async ({ conversation, ...file }) =>
      (await files()).begin(conversation, file),
    'messages.fileWrite': async ({ transfer, index, bytes }) =>
      (await files()).write(transfer, index, bytes),
    'messages.fileEnd': async ({ transfer }) => (await files()).end(transfer),
    'messages.files': async ({ conversation }) => (await files()).files(conversation),
    'messages.fileWants': async ({ peer }) => (await files()).wants(peer),
    'messages.fileServe': async ({ peer, transfer, have, indices }) => {
      const served = await (await files()).serve(peer, transfer, have, indices);
      return new Transfer(
        served,
        served.map((c) => c.bytes.buffer as ArrayBuffer),
      );
    },
    'messages.fileChunk': async ({ peer, transfer, index, bytes }) =>
      (await files()).chunk(peer, transfer, index, bytes),
    'messages.fileRead': async ({ transfer }) => {
      const bytes = await (await files()).read(transfer);
      return new Transfer(bytes, [bytes.buffer as ArrayBuffer]);
    },
  };
}
