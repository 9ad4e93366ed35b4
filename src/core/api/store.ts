/**
 * The store worker's contract: every method as the check of its arguments and its result type,
 * and the events it pushes. The worker implements `Handlers<StoreContract>`
 * (workers/store.handlers.ts); tabs call it through `RpcClient<StoreContract, StoreEvents>`.
 * Adding a method is one line here plus its handler.
 */
import type { DeviceId } from '@kiana/shared/ids';
import { normalizeDisplayName } from '@kiana/shared/clean-text';
import { KianaError } from '@kiana/shared/errors';
import type { HybridResult, PendingText, VectorCoverage } from '../embedding/types.ts';
import {
  coverageArgs,
  hybridArgs,
  nearestArgs,
  pendingArgs,
  prepareArgs,
  putVectorsArgs,
} from '../embedding/validate.ts';
import type { ListResult, MemoriesChanged, Memory, SearchResult } from '../memory/types.ts';
import {
  bulkPutArgs,
  countArgs,
  editArgs,
  getArgs,
  idArgs,
  listArgs,
  putArgs,
  searchArgs,
  undeleteArgs,
} from '../memory/validate.ts';
import { bytes, check, fail, none, object, oneOf, optional, string } from './check.ts';
import { method } from './contract.ts';
import { messagesContract, type MessageEvents } from './messages.ts';
import { deviceId, displayName } from './fields.ts';
import {
  VFS_CHOICES,
  type Capabilities,
  type ChainIdentity,
  type ChainInfo,
  type ImportResult,
  type StoreStats,
} from './store-types.ts';

/** Largest database file `db.import` accepts (it is held in memory twice while checked). */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;
/** The name a device gets when the given one normalises to nothing. */
const UNNAMED = 'Kiana device';

/** `db.open`'s identity: the device's keys and name (that they belong together is checked at open). */
const identity = check<ChainIdentity>((v, at) => {
  const r = object({
    signPublicKey: bytes(32),
    signSecretKey: bytes(64),
    boxPublicKey: bytes(32),
    name: string(),
  })(v, at);
  return { ...r, name: normalizeDisplayName(r.name) ?? UNNAMED };
});

/** `db.import`'s file: an ArrayBuffer or a Uint8Array, bounded. */
const importFile = check<Uint8Array, ArrayBuffer | Uint8Array>((v, at) => {
  let view: Uint8Array;
  if (v instanceof ArrayBuffer) view = new Uint8Array(v);
  else if (v instanceof Uint8Array) view = v;
  else return fail(at, 'must be an ArrayBuffer or Uint8Array');
  if (view.byteLength > MAX_IMPORT_BYTES) {
    throw new KianaError('import-invalid', 'the file is larger than any Kiana database could be');
  }
  return view;
});

const peerArgs = object({ peer: deviceId });

export const storeContract = {
  /** What this browser context can do (cores, WebGPU, OPFS). */
  info: method(none).returns<Capabilities>(),

  /**
   * Opens the database; sent by the owning tab before anything else, with the device's signing
   * identity (kept in the worker's memory only). Idempotent.
   */
  'db.open': method(
    object({ device: deviceId, identity, vfs: optional(oneOf(VFS_CHOICES), 'auto') }),
  ).returns<StoreStats>(),
  'db.stats': method(none).returns<StoreStats>(),
  /** The database as a standard SQLite file (transferred, not copied, to the owning tab). */
  'db.export': method(none).returns<ArrayBuffer>(),
  /**
   * Checks a SQLite file completely, then merges its memories (newer edits win) in chunks,
   * reporting `ImportProgress` as progress; other calls are answered between chunks.
   */
  'db.import': method(object({ bytes: importFile })).returns<ImportResult>(),

  /** Creates a memory unless its id exists (so retries are harmless); returns it. */
  'memories.put': method(putArgs).returns<Memory>(),
  /** `memories.put` for many memories in one transaction; returns how many were new. */
  'memories.bulkPut': method(bulkPutArgs).returns<{ added: number }>(),
  'memories.edit': method(editArgs).returns<Memory>(),
  /**
   * Deletes: a signed tombstone; the text and tags are erased here and on every device that
   * syncs. `memories.undelete` writes them back (from its arguments, or for a minute from the
   * worker's memory).
   */
  'memories.delete': method(idArgs).returns<Memory>(),
  'memories.undelete': method(undeleteArgs).returns<Memory>(),
  'memories.get': method(getArgs).returns<Memory | null>(),
  /** A window of the list, newest first, with the total for a virtual scroller. */
  'memories.list': method(listArgs).returns<ListResult>(),
  'memories.count': method(countArgs).returns<number>(),
  /** Full-text search; the query is parsed into a safe FTS5 expression. */
  'memories.search': method(searchArgs).returns<SearchResult>(),
  /** FTS5 and vectors fused by RRF; each hit marked `meaning`, `words` or both. */
  'memories.hybridSearch': method(hybridArgs).returns<HybridResult>(),

  /** Live memories without a vector of `model`, newest first. */
  'vectors.pending': method(pendingArgs).returns<PendingText[]>(),
  /** Stores vectors made from exactly the given texts; returns how many were stored. */
  'vectors.put': method(putVectorsArgs).returns<{ stored: number }>(),
  'vectors.coverage': method(coverageArgs).returns<VectorCoverage>(),
  /** Loads a model's index before the first search needs it (between other requests). */
  'vectors.prepare': method(prepareArgs).returnsNothing(),
  /** Saves changed vector indexes now rather than after the quiet time (before a reload). */
  'vectors.save': method(none).returnsNothing(),
  /** Nearest live memories by vector similarity alone. */
  'vectors.nearest': method(nearestArgs).returns<{ id: string; score: number }[]>(),

  /** The chain: head, height, authorities, forks, and each peer's height and sync state. */
  'chain.info': method(none).returns<ChainInfo>(),
  /** Makes a paired `My device` an authority by a signed device-add (false: it is one). */
  'chain.addDevice': method(
    object({ signKey: bytes(32), boxKey: bytes(32), name: displayName }),
  ).returns<boolean>(),
  /** Removes a `My device` from the authorities by a signed device-remove (false: not one). */
  'chain.removeDevice': method(peerArgs).returns<boolean>(),
  /** The link to `peer` is up: sync with it now and whenever either side has news. */
  'sync.open': method(peerArgs).returnsNothing(),
  /** A framed sync message from `peer`; replies leave as `sync.send` events. */
  'sync.receive': method(object({ peer: deviceId, bytes: bytes() })).returnsNothing(),
  /** The link to `peer` is down. */
  'sync.close': method(peerArgs).returnsNothing(),
  ...messagesContract,
};
export type StoreContract = typeof storeContract;

/** Events the store worker pushes to its tabs. */
export type StoreEvents = {
  ready: { at: number };
  /** Memories changed (in any tab, or by sync): reload what is shown. */
  'memories.changed': MemoriesChanged;
  /** Framed sync bytes for `peer`: the tab that runs the mesh carries them over. */
  'sync.send': { peer: DeviceId; bytes: Uint8Array };
  /** Head, authorities or peers changed: reload `chain.info`. */
  'chain.changed': { at: number };
} & MessageEvents;
