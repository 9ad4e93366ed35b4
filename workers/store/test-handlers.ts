/** The handlers of `storeTestContract` (src/core/api/store-test.ts): test builds only. */
import type { Handlers } from '../../src/core/api/contract.ts';
import type { StoreTestContract } from '../../src/core/api/store-test.ts';

export const storeTestHandlers: Handlers<StoreTestContract> = {
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
};
