/**
 * The store worker. For now it answers `info` (what this browser can do); [storage] adds SQLite
 * on OPFS here, next to the data it reads.
 */
/// <reference lib="webworker" />
import { serve } from './rpc.ts';
import { storeHandlers, type StoreEvents } from './store.handlers.ts';

serve<StoreEvents>(self, storeHandlers);
