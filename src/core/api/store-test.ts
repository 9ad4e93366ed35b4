/**
 * Store methods that only a test build serves (store.worker.ts adds them when `__KIANA_TEST__`
 * is true): `echo` times the RPC round trip (bench/areas/shell.ts), `wait` gives a test a long
 * call to cancel for real, `holdTurn`/`releaseTurn` keep the store busy so calls queue behind a
 * turn (a test then sees what happens to a call cancelled while it waited), and `searchCounts`
 * says how many searches ran and how many were dropped unrun. The app never calls them, and a
 * production bundle holds none of the names (tests/browser/production-bundle.test.ts).
 */
import { check, int, none, object } from './check.ts';
import { method } from './contract.ts';

/** Searches the store was asked for: still waiting for their turn, run, dropped (cancelled). */
export interface SearchCounts {
  readonly waiting: number;
  readonly ran: number;
  readonly dropped: number;
  /** The queries of the most recent searches that ran, oldest first (at most 32). */
  readonly lastRan: readonly string[];
}

export const storeTestContract = {
  /** Echo for round-trip measurements and tests. */
  echo: method(object({ value: check<unknown>((v) => v) })).returns<unknown>(),
  /** Sleeps `ms`, reporting progress every 10 ms, so cancellation can be tested for real. */
  wait: method(object({ ms: int(0, 600_000) })).returns<number>(),
  /** Takes a turn of the store's lock and keeps it until `releaseTurn`; answers once it began. */
  holdTurn: method(none).returnsNothing(),
  /** Ends the turn `holdTurn` took. */
  releaseTurn: method(none).returnsNothing(),
  /** The store's search counters. */
  searchCounts: method(none).returns<SearchCounts>(),
};
export type StoreTestContract = typeof storeTestContract;
