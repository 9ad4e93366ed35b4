/**
 * The store worker's handler map. Each handler validates its arguments (nothing that crossed
 * `postMessage` is trusted) and then calls the store. The client's types derive from this map:
 * `RpcClient<StoreHandlers, StoreEvents>`.
 */
import { Transfer, type CallContext } from './rpc.ts';
import { probeCapabilities } from './capabilities.ts';
import { KianaError } from '../src/core/errors.ts';
import type { MemoryId } from '../src/core/ids.ts';
import type {
  MemoriesChanged,
  MemorySource,
  Memory,
  ListResult,
  PutArgs,
  SearchResult,
} from '../src/core/memory/types.ts';
import {
  parseCountArgs,
  parseEditArgs,
  parseGetArgs,
  parseIdArgs,
  parseListArgs,
  parsePutArgs,
  parseSearchArgs,
} from '../src/core/memory/validate.ts';
import { parseImportBytes, parseOpenArgs } from './store/args.ts';
import { StoreHost } from './store/host.ts';
import { openStore, type OpenArgs } from './store/open.ts';
import type { StoreStats } from './store/service.ts';
import type { ImportResult } from './store/transfer.ts';
import { createVectorHandlers } from './store/vector-handlers.ts';

/** Events the store worker pushes to its tabs. */
export type StoreEvents = {
  ready: { at: number };
  /** Memories changed (in any tab): reload what is shown. */
  'memories.changed': MemoriesChanged;
};

/** Most memories one `memories.bulkPut` takes: bounds one message and one transaction. */
export const MAX_BULK_PUT = 1000;

function parseBulkPutArgs(value: unknown): PutArgs[] {
  const items = (value as { items?: unknown } | null)?.items;
  if (!Array.isArray(items) || items.length > MAX_BULK_PUT) {
    throw new KianaError(
      'bad-message',
      `memories.bulkPut: items must be an array of at most ${MAX_BULK_PUT}`,
    );
  }
  return items.map((item: unknown) => parsePutArgs(item));
}

/** Builds the handler map over a store host (tests pass their own). */
export function createStoreHandlers(host: StoreHost) {
  const store = () => host.service();
  return {
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

    /** Opens the database; sent by the owning tab before anything else. Idempotent. */
    'db.open': (args: { device: OpenArgs['device']; vfs?: OpenArgs['vfs'] }): Promise<StoreStats> =>
      host.open(parseOpenArgs(args)),
    'db.stats': async (): Promise<StoreStats> => (await store()).stats(),
    /** The database as a standard SQLite file (transferred, not copied, to the owning tab). */
    'db.export': async (): Promise<Transfer<ArrayBuffer>> => {
      const bytes = await (await store()).exportBytes();
      const buffer = bytes.buffer as ArrayBuffer;
      return new Transfer(buffer, [buffer]);
    },
    /** Checks a SQLite file completely, then merges its memories (newer edits win). */
    'db.import': async (args: { bytes: ArrayBuffer | Uint8Array }): Promise<ImportResult> =>
      (await store()).importBytes(parseImportBytes(args)),

    /** Creates a memory unless its id exists (so retries are harmless); returns it. */
    'memories.put': async (args: {
      id: MemoryId;
      text: string;
      source: MemorySource;
      tags?: readonly string[];
    }): Promise<Memory> => (await store()).put(parsePutArgs(args)),
    /** `memories.put` for many memories in one transaction; returns how many were new. */
    'memories.bulkPut': async (args: {
      items: readonly {
        id: MemoryId;
        text: string;
        source: MemorySource;
        tags?: readonly string[];
      }[];
    }): Promise<{ added: number }> => (await store()).putMany(parseBulkPutArgs(args)),
    'memories.edit': async (args: {
      id: MemoryId;
      text?: string;
      tags?: readonly string[];
    }): Promise<Memory> => (await store()).edit(parseEditArgs(args)),
    /** Soft delete: hidden everywhere, restorable with `memories.undelete`. */
    'memories.delete': async (args: { id: MemoryId }): Promise<Memory> =>
      (await store()).setDeleted(parseIdArgs('memories.delete', args).id, true),
    'memories.undelete': async (args: { id: MemoryId }): Promise<Memory> =>
      (await store()).setDeleted(parseIdArgs('memories.undelete', args).id, false),
    'memories.get': async (args: {
      id: MemoryId;
      includeDeleted?: boolean;
    }): Promise<Memory | null> => (await store()).get(parseGetArgs(args)),
    /** A window of the list, newest first, with the total for a virtual scroller. */
    'memories.list': async (args: {
      offset?: number;
      limit?: number;
      includeDeleted?: boolean;
    }): Promise<ListResult> => (await store()).list(parseListArgs(args)),
    'memories.count': async (args: { includeDeleted?: boolean } = {}): Promise<number> =>
      (await store()).count(parseCountArgs(args)),
    /** Full-text search; the query is parsed into a safe FTS5 expression. */
    'memories.search': async (args: { query: string; limit?: number }): Promise<SearchResult> =>
      (await store()).search(parseSearchArgs(args)),
    ...createVectorHandlers(store),
  };
}

/** The worker's one store host. */
export const storeHost = new StoreHost(openStore);
/** The store worker's handler map; the client's types derive from it. */
export const storeHandlers = createStoreHandlers(storeHost);
export type StoreHandlers = typeof storeHandlers;
