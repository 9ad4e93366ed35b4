/** The handlers of `storeTestContract` (src/core/api/store-test.ts): test builds only. */
import type { Handlers } from '../../src/core/api/contract.ts';
import type { StoreTestContract } from '../../src/core/api/store-test.ts';
import type { StoreHost } from './host.ts';

export function createStoreTestHandlers(host: StoreHost): Handlers<StoreTestContract> {
  /** Ends the held turn; a no-op when none is held. */
  let release = (): void => undefined;
  return {
    echo: ({ value }) => value,
    wait: async ({ ms }, ctx) => {
      const started = Date.now();
      while (Date.now() - started < ms) {
        ctx.signal.throwIfAborted();
        ctx.progress(Date.now() - started);
        await new Promise((r) => setTimeout(r, 10));
      }
      return ms;
    },
    holdTurn: async () => {
      release();
      const until = new Promise<void>((r) => (release = r));
      await (await host.service()).holdTurn(until);
    },
    releaseTurn: () => release(),
    searchCounts: async () => {
      const { searches } = await host.service();
      return { ...searches, lastRan: [...searches.lastRan] };
    },
  };
}
