/**
 * The store worker's handler map. Each handler validates its arguments (nothing that crossed
 * `postMessage` is trusted) and then calls the store. The client's types derive from this map:
 * `RpcClient<StoreHandlers, StoreEvents>`.
 */
import { Transfer, type CallContext } from './rpc.ts';
import { probeCapabilities } from './capabilities.ts';
import { normalizeDisplayName } from '../src/core/crypto/device-name.ts';
import { KianaError } from '../src/core/errors.ts';
import { isDeviceId, type DeviceId, type MemoryId } from '../src/core/ids.ts';
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
  parseTags,
  parseText,
} from '../src/core/memory/validate.ts';
import { parseImportBytes, parseOpenArgs } from './store/args.ts';
import { ChainStore } from './store/chain/chain-store.ts';
import type { ChainIdentity } from './store/chain/identity.ts';
import type { ChainInfo } from './store/chain/info.ts';
import { StoreHost } from './store/host.ts';
import { openStore, type OpenArgs } from './store/open.ts';
import type { StoreStats } from './store/service.ts';
import type { ImportResult } from './store/transfer.ts';
import { createVectorHandlers } from './store/vector-handlers.ts';

/** Events the store worker pushes to its tabs. */
export type StoreEvents = {
  ready: { at: number };
  /** Memories changed (in any tab, or by sync): reload what is shown. */
  'memories.changed': MemoriesChanged;
  /** Framed sync bytes for `peer`: the tab that runs the mesh carries them over. */
  'sync.send': { peer: DeviceId; bytes: Uint8Array };
  /** Head, authorities or peers changed: reload `chain.info`. */
  'chain.changed': { at: number };
};

function arg(method: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    throw new KianaError('bad-message', `${method}: arguments must be an object`);
  }
  return value as Record<string, unknown>;
}

function peerOf(method: string, value: unknown): DeviceId {
  const peer = arg(method, value).peer;
  if (!isDeviceId(peer)) throw new KianaError('bad-message', `${method}: peer must be a device id`);
  return peer;
}

/** `memories.undelete`: the id, and optionally the text and tags to write back. */
function parseUndeleteArgs(value: unknown): {
  id: MemoryId;
  content?: { text: string; tags: string[] };
} {
  const { id } = parseIdArgs('memories.undelete', value);
  const r = arg('memories.undelete', value);
  if (r.text === undefined) return { id };
  const text = parseText('memories.undelete', r.text);
  return { id, content: { text, tags: parseTags('memories.undelete', r.tags ?? []) } };
}

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

function parseDeviceName(value: unknown): string {
  const name = typeof value === 'string' ? normalizeDisplayName(value) : null;
  if (name === null) throw new KianaError('bad-message', 'chain.addDevice: name must not be empty');
  return name;
}

/** Builds the handler map over a store host (tests pass their own). */
export function createStoreHandlers(host: StoreHost) {
  const store = () => host.service();
  return {
    info: () => probeCapabilities(),

    /**
     * Opens the database; sent by the owning tab before anything else, with the device's signing
     * identity (kept in the worker's memory only). Idempotent.
     */
    'db.open': (args: {
      device: OpenArgs['device'];
      identity: ChainIdentity;
      vfs?: OpenArgs['vfs'];
    }): Promise<StoreStats> => host.open(parseOpenArgs(args)),
    'db.stats': async (): Promise<StoreStats> => (await store()).stats(),
    /** The database as a standard SQLite file (transferred, not copied, to the owning tab). */
    'db.export': async (): Promise<Transfer<ArrayBuffer>> => {
      const bytes = await (await store()).exportBytes();
      const buffer = bytes.buffer as ArrayBuffer;
      return new Transfer(buffer, [buffer]);
    },
    /**
     * Checks a SQLite file completely, then merges its memories (newer edits win) in chunks,
     * reporting `{done, total}` rows as progress; other calls are answered between chunks.
     */
    'db.import': async (
      args: { bytes: ArrayBuffer | Uint8Array },
      ctx: CallContext,
    ): Promise<ImportResult> =>
      (await store()).importBytes(parseImportBytes(args), (p) => ctx.progress(p)),

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
    /**
     * Deletes: a signed tombstone; the text and tags are erased here and on every device that
     * syncs. `memories.undelete` writes them back (from its arguments, or for a minute from the
     * worker's memory).
     */
    'memories.delete': async (args: { id: MemoryId }): Promise<Memory> =>
      (await store()).setDeleted(parseIdArgs('memories.delete', args).id, true),
    'memories.undelete': async (args: {
      id: MemoryId;
      text?: string;
      tags?: readonly string[];
    }): Promise<Memory> => {
      const { id, content } = parseUndeleteArgs(args);
      return (await store()).setDeleted(id, false, content);
    },
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

    /** The chain: head, height, authorities, forks, and each peer's height and sync state. */
    'chain.info': async (): Promise<ChainInfo> => (await store()).chainInfo(),
    /** Makes a paired `My device` an authority by a signed device-add (false: it is one). */
    'chain.addDevice': async (args: {
      signKey: Uint8Array;
      boxKey: Uint8Array;
      name: string;
    }): Promise<boolean> => {
      const r = arg('chain.addDevice', args);
      ChainStore.checkKeys(r.signKey, r.boxKey);
      const name = parseDeviceName(r.name);
      return (await store()).addDevice({
        signKey: r.signKey as Uint8Array,
        boxKey: r.boxKey as Uint8Array,
        name,
      });
    },
    /** Removes a `My device` from the authorities by a signed device-remove (false: not one). */
    'chain.removeDevice': async (args: { peer: DeviceId }): Promise<boolean> =>
      (await store()).removeDevice(peerOf('chain.removeDevice', args)),
    /** The link to `peer` is up: sync with it now and whenever either side has news. */
    'sync.open': async (args: { peer: DeviceId }): Promise<void> =>
      (await store()).syncOpen(peerOf('sync.open', args)),
    /** A framed sync message from `peer`; replies leave as `sync.send` events. */
    'sync.receive': async (args: { peer: DeviceId; bytes: Uint8Array }): Promise<void> => {
      const peer = peerOf('sync.receive', args);
      const bytes = arg('sync.receive', args).bytes;
      if (!(bytes instanceof Uint8Array)) {
        throw new KianaError('bad-message', 'sync.receive: bytes must be a Uint8Array');
      }
      return (await store()).syncReceive(peer, bytes);
    },
    /** The link to `peer` is down. */
    'sync.close': async (args: { peer: DeviceId }): Promise<void> =>
      (await store()).syncClose(peerOf('sync.close', args)),
    ...createVectorHandlers(store),
  };
}

/** The worker's one store host. */
export const storeHost = new StoreHost(openStore);
/** The store worker's handler map; the client's types derive from it. */
export const storeHandlers = createStoreHandlers(storeHost);
export type StoreHandlers = typeof storeHandlers;
