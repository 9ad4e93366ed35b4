/**
 * The values the store worker hands to tabs (and takes from the owning tab at `db.open`): the
 * result types of the store contract. Declared here, not in the worker, so the UI and platform
 * code never import worker internals.
 */
import type { DeviceId } from '@kiana/shared/ids';
import type { SyncProgress } from '../sync/progress.ts';

/** Which storage holds the database. */
export type VfsName = 'OPFSCoopSyncVFS' | 'AccessHandlePoolVFS' | 'IDBBatchAtomicVFS' | 'memory';

/** Which storage `db.open` may use: `auto` picks the best that works. */
export const VFS_CHOICES = ['auto', 'idb', 'coop', 'ahp'] as const;
export type VfsChoice = (typeof VFS_CHOICES)[number];

/** What `db.stats` reports. */
export interface StoreStats {
  readonly count: number;
  readonly deleted: number;
  readonly pageSize: number;
  readonly pageCount: number;
  readonly freePages: number;
  /** Bytes the database file occupies (page size × page count). */
  readonly fileSize: number;
  readonly vfs: VfsName;
  /** Set when OPFS was not available and IndexedDB holds the database instead. */
  readonly fallback: 'indexeddb' | null;
  /** Why the fallback was taken (for the banner and for bug reports). */
  readonly fallbackReason: string | null;
  readonly journalMode: string;
  readonly schemaVersion: number;
  readonly sqliteVersion: string;
}

/**
 * The device's signing identity, handed to the store worker with `db.open`; the worker keeps it
 * in memory only, never in SQLite (an export must not carry the key) and never in a log.
 */
export interface ChainIdentity {
  readonly signPublicKey: Uint8Array;
  /** libsodium's 64-byte ed25519 secret key. */
  readonly signSecretKey: Uint8Array;
  readonly boxPublicKey: Uint8Array;
  /** Display name, recorded in the device-add of a genesis this device makes. */
  readonly name: string;
}

/** What `db.import` answers. */
export interface ImportResult {
  /** Memories that were not here before. */
  readonly added: number;
  /** Memories the file had in a newer version (by HLC) than ours. */
  readonly updated: number;
  /** Rows in the file that are not valid memories and were left out. */
  readonly skipped: number;
  /** Rows dated further ahead than the chain accepts, imported at this device's clock instead. */
  readonly redated: number;
  /** The schema version of the file. */
  readonly fromVersion: number;
}

/** `db.import`'s progress: rows merged so far of all rows in the file. */
export interface ImportProgress {
  readonly done: number;
  readonly total: number;
}

/** One authority of the canonical branch. */
export interface AuthorityInfo {
  readonly device: DeviceId;
  /** The name it was added with. */
  readonly name: string;
  readonly active: boolean;
  readonly self: boolean;
}

/** One peer this device has synced with (or is connected to). */
export interface PeerInfo {
  readonly device: DeviceId;
  readonly connected: boolean;
  readonly syncing: boolean;
  /** How far the running pull from this peer has got (blocks, then blobs); null when unknown. */
  readonly progress: SyncProgress | null;
  /** The peer's height at the last session, or null before any. */
  readonly height: number | null;
  readonly syncedAt: number | null;
  /** The error code of the last session, or null when it went well. */
  readonly error: string | null;
}

/** The chain as the UI shows it (`chain.info`). */
export interface ChainInfo {
  readonly device: DeviceId;
  /** This device's public keys (hex), for pairing. */
  readonly signKey: string;
  readonly boxKey: string;
  readonly genesis: string | null;
  readonly head: string | null;
  readonly height: number;
  /** Blocks held on all branches. */
  readonly blocks: number;
  /** Blocks on branches that lost fork choice: forks that were resolved. */
  readonly forkBlocks: number;
  /** Signed transactions waiting until a block may carry them. */
  readonly pending: number;
  readonly authorities: readonly AuthorityInfo[];
  readonly peers: readonly PeerInfo[];
}

/** What the current browser context can do; asked inside a worker so it reflects worker reality. */
export interface Capabilities {
  cores: number;
  crossOriginIsolated: boolean;
  webgpu: boolean;
  opfs: boolean;
  userAgent: string;
}
