import type { StoreClient } from '../platform/store-client.ts';

/**
 * This tab's store client, as the composition root (src/app/app.ts) hands it to state classes:
 * a function, because the connection (owner election, worker) starts on the first call.
 */
export type StoreRef = () => StoreClient;
