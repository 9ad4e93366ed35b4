/**
 * Store methods that only a test build serves (store.worker.ts adds them when `__KIANA_TEST__`
 * is true): `echo` times the RPC round trip (bench/areas/shell.ts), `wait` gives a test a long
 * call to cancel for real. The app never calls them.
 * A production bundle holds neither name (tests/browser/production-bundle.test.ts).
 */
import type { CallContext } from '../rpc.ts';

export const storeTestHandlers = {
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
