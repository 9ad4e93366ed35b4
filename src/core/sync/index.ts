/**
 * The sync protocol's public API (docs/PROTOCOL.md, "Sync"): one `SyncSession` per connected peer
 * over any ordered byte-message transport, and an in-memory pipe for tests and benchmarks.
 */
export {
  SyncSession,
  DEFAULT_CHUNK_BYTES,
  type SyncReport,
  type SyncSessionOptions,
} from './session.ts';
export {
  MemoryPipe,
  syncInMemory,
  type PipeEnd,
  type PipeStats,
  type SyncPeer,
} from './memory-pipe.ts';
export { decodeMessage, encodeMessage, tryDecodeMessage, type SyncMessage } from './messages.ts';
export { locatorHeights, probeHeights } from './locator.ts';
export type { ContentStore } from './types.ts';
export { decodeFrame, encodeFrame, HELLO_TYPE, type Frame } from './frame.ts';
export type { Hello } from './messages.ts';
export { asSyncProgress, blocksProgress, contentsProgress, type SyncProgress } from './progress.ts';
