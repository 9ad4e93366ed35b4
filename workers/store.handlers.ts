import type { CallContext } from './rpc.ts';
import { probeCapabilities } from './capabilities.ts';

/** Events the store worker pushes to its tabs. */
export type StoreEvents = {
  ready: { at: number };
};

/** The store worker's handler map; the client's types derive from it. */
export const storeHandlers = {
  info: () => probeCapabilities(),
  /** Echo for round-trip measurements and tests. */
  echo: (args: { value: unknown }) => args.value,
  /** Sleeps `ms`, reporting progress every 10 ms, so cancellation can be tested for real. */
  wait: async (args: { ms: number }, ctx: CallContext) => {
    const started = Date.now();
    while (Date.now() - started < args.ms) {
      ctx.signal.throwIfAborted();
      ctx.progress(Date.now() - started);
      await new Promise((r) => setTimeout(r, 10));
    }
    return args.ms;
  },
};
export type StoreHandlers = typeof storeHandlers;
