/**
 * Wires one store worker: its handlers served to the owning tab on `port`, every store event
 * pushed once to each outlet, and — from the first `db.open` on — the same handlers and events
 * for the other tabs over the channel. store.worker.ts runs this on `self`; tests on a
 * MessageChannel.
 */
import type { Contract, Emit, Handlers } from '../../src/core/api/contract.ts';
import { serve, type RpcPort } from '../../src/core/api/rpc.ts';
import { storeContract, type StoreEvents } from '../../src/core/api/store.ts';
import { randomId, type ChannelLike } from '../../src/core/api/store-channel.ts';
import { createStoreHandlers } from '../store.handlers.ts';
import type { StoreHost } from './host.ts';
import { serveRelay } from './relay.ts';

export function serveStore(
  port: RpcPort,
  host: StoreHost,
  openChannel: () => ChannelLike,
  options: {
    /**
     * This worker's id on the channel; fresh per worker, so a tab that sent requests to an
     * earlier owner sees the new id in `hello` and sends its unanswered requests again.
     */
    leader?: string;
    /** More methods to serve beside the store's (the test build's `echo` and `wait`). */
    extra?: { contract: Contract; handlers: Handlers<Contract> } | null;
  } = {},
): { close(): void } {
  const { leader = randomId(), extra } = options;
  const contract = { ...storeContract, ...extra?.contract };
  const handlers = { ...createStoreHandlers(host), ...extra?.handlers } as Handlers<
    typeof contract
  >;
  const direct = serve<typeof contract, StoreEvents>(port, contract, handlers);
  const outlets: { emit: Emit<StoreEvents>; close(): void }[] = [direct];
  host.emit = (name, data) => {
    for (const outlet of outlets) outlet.emit(name, data);
  };
  // Only the owning tab sends `db.open`, so only its worker joins the channel: a worker started
  // for another purpose (a benchmark's echo) never answers other tabs. It joins when the open
  // starts, so other tabs wait for the open or learn why it failed.
  host.onFirstOpen = () => {
    const relay = serveRelay<typeof contract, StoreEvents>(
      openChannel(),
      leader,
      contract,
      handlers,
    );
    outlets.push(relay);
    relay.announce();
  };
  return {
    close: () => {
      for (const outlet of outlets.splice(0)) outlet.close();
    },
  };
}
