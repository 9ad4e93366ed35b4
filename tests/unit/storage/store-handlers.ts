/** The store worker's handlers as the worker serves them — behind the contract's checks — minus the worker. */
import { bindHandlers } from '../../../src/core/api/contract.ts';
import { storeContract } from '../../../src/core/api/store.ts';
import { createStoreHandlers } from '../../../workers/store.handlers.ts';
import type { StoreHost } from '../../../workers/store/host.ts';

export function boundStoreHandlers(host: StoreHost) {
  return bindHandlers(storeContract, createStoreHandlers(host));
}
