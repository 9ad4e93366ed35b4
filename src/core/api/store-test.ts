/**
 * Store methods that only a test build serves (store.worker.ts adds them when `__KIANA_TEST__`
 * is true): `echo` times the RPC round trip (bench/areas/shell.ts), `wait` gives a test a long
 * call to cancel for real. The app never calls them, and a production bundle holds neither name
 * (tests/browser/production-bundle.test.ts).
 */
import { check, int, object } from './check.ts';
import { method } from './contract.ts';

export const storeTestContract = {
  /** Echo for round-trip measurements and tests. */
  echo: method(object({ value: check<unknown>((v) => v) })).returns<unknown>(),
  /** Sleeps `ms`, reporting progress every 10 ms, so cancellation can be tested for real. */
  wait: method(object({ ms: int(0, 600_000) })).returns<number>(),
};
export type StoreTestContract = typeof storeTestContract;
