/**
 * The serving half of a sync session: answers the peer's pull with the fork point, then the blocks
 * after it in chunks, with the blobs they name and a consistency proof of the block-hash log.
 */
import { KianaError } from '@kiana/shared/errors';
import { toHex } from '../chain/bytes.ts';
import { contentHashesOf } from '../chain/tx.ts';
import type { ChainTree, Entry } from '../chain/tree.ts';
import { bytesEqual } from '../merkle/index.ts';
import { locatorHeights, meet, probeHeights } from './locator.ts';
import type { Blocks, ContentItem, Contents, Hello, Probe, SyncMessage } from './messages.ts';
import { MAX_ITEMS } from './messages.ts';
import type { ContentStore } from './types.ts';

/** What a server needs. */
export interface ServerDeps {
  readonly tree: ChainTree;
  readonly contents: ContentStore;
  /** Target bytes of blocks per chunk, and of blobs per chunk or `contents` reply. */
  readonly chunkBytes: number;
}

const ZERO = new Uint8Array(32);

function protocol(why: string): KianaError {
  return new KianaError('sync-protocol', why);
}

/** Answers one peer's pull. */
export class Server {
  readonly #deps: ServerDeps;
  /** The blocks being sent, pinned at the first chunk so a reorg mid-transfer cannot mix branches. */
  #path: Entry[] = [];
  #next = 0;
  #keep: ReadonlyMap<string, Uint8Array> | null = null;
  /** The peer's head and branch tips from its `hello`. */
  #peerTips: readonly Uint8Array[] = [];
  /** Counters for the session report. */
  blocksSent = 0;
  contentsSent = 0;

  constructor(deps: ServerDeps) {
    this.#deps = deps;
  }

  /** The reply to a peer's `hello`. */
  onHello(m: Hello): SyncMessage {
    const { tree } = this.#deps;
    const genesis = tree.genesis;
    if (genesis === null) return { type: 'up-to-date' };
    if (!bytesEqual(m.genesis, ZERO) && !bytesEqual(m.genesis, genesis.hash)) {
      throw new KianaError('sync-other-chain', 'the peer’s genesis is not ours');
    }
    if (bytesEqual(m.head, ZERO)) return this.#start(-1);
    const heights = locatorHeights(m.height);
    if (m.locator.length !== heights.length) throw protocol('locator of the wrong length');
    const { base, upper } = meet(tree, heights, m.locator);
    this.#peerTips = [m.head, ...m.tips];
    // The locator ends at genesis: no match at all means another person's chain.
    if (base < 0) throw new KianaError('sync-other-chain', 'no block in common');
    return this.#narrowOrStart(base, upper);
  }

  /**
   * The fork point lies in [base, upper). Heights above our head cannot matter (we only send up
   * to it), so the range is cut there; when it holds one height, the transfer starts.
   */
  #narrowOrStart(found: number, upper: number | null): SyncMessage {
    const { tree } = this.#deps;
    let base = found;
    // The peer's head and branch tips, once on our canonical branch, are exact bases. Checked
    // again on every probe: our own pull, running at the same time, may have fetched them since.
    for (const tip of this.#peerTips) {
      const entry = tree.get(tip);
      if (entry && tree.isCanonical(entry) && entry.height >= base) {
        base = entry.height;
        upper = null;
      }
    }
    const top = (tree.head?.height ?? 0) + 1;
    const high = upper === null ? null : Math.min(upper, top);
    if (high !== null && high > base + 1) return { type: 'narrow', low: base, high };
    return this.#start(base);
  }

  /** The reply to a `probe` after our `narrow`. */
  onProbe(m: Probe): SyncMessage {
    const heights = probeHeights(m.low, m.high);
    if (m.hashes.length !== heights.length) throw protocol('probe of the wrong length');
    const found = meet(this.#deps.tree, heights, m.hashes);
    return this.#narrowOrStart(Math.max(found.base, m.low), found.upper ?? m.high);
  }

  /** The next chunk, after the last block we sent. */
  onMore(after: Uint8Array): Blocks {
    const last = this.#path[this.#next - 1];
    if (last === undefined || !bytesEqual(last.hash, after) || this.#next >= this.#path.length) {
      throw protocol('`more` does not follow the last chunk');
    }
    return this.#chunk(after, new Uint8Array(0), []);
  }

  /** Blobs the peer asked for, those we keep, within one chunk. */
  onWant(hashes: readonly Uint8Array[]): Contents {
    const keep = this.#keepSet();
    const items: ContentItem[] = [];
    let bytes = 0;
    let more = false;
    for (const hash of hashes) {
      const blob = keep.has(toHex(hash)) ? this.#deps.contents.get(hash) : undefined;
      if (blob === undefined) continue;
      if (items.length > 0 && bytes + blob.length > this.#deps.chunkBytes) {
        more = true;
        break;
      }
      items.push({ hash, bytes: blob });
      bytes += blob.length;
    }
    this.contentsSent += items.length;
    return { type: 'contents', contents: items, more };
  }

  #keepSet(): ReadonlyMap<string, Uint8Array> {
    this.#keep ??= this.#deps.tree.content().keep;
    return this.#keep;
  }

  /** Pins the path from `base` (−1: before genesis) to our head and sends the first chunk. */
  #start(base: number): SyncMessage {
    const { tree } = this.#deps;
    const head = tree.head;
    if (head === null || base >= head.height) return { type: 'up-to-date' };
    const path: Entry[] = [];
    for (let x: Entry | null = head; x !== null && x.height > base; x = x.parent) path.push(x);
    this.#path = path.reverse();
    this.#next = 0;
    const baseEntry = base < 0 ? null : tree.canonicalAt(base);
    // base's log holds base + 1 blocks; the head's logRoot covers heights 0 … head − 1.
    const proof = baseEntry ? tree.consistencyProof(base + 1, head.height) : [];
    return this.#chunk(baseEntry?.hash ?? ZERO, head.block.headerBytes, proof);
  }

  #chunk(base: Uint8Array, headHeader: Uint8Array, proof: Uint8Array[]): Blocks {
    const budget = this.#deps.chunkBytes;
    const blocks: Uint8Array[] = [];
    let bytes = 0;
    while (this.#next < this.#path.length && blocks.length < MAX_ITEMS) {
      const entry = this.#path[this.#next];
      if (entry === undefined) break;
      if (blocks.length > 0 && bytes + entry.block.bytes.length > budget) break;
      blocks.push(entry.block.bytes);
      bytes += entry.block.bytes.length;
      this.#next += 1;
    }
    const sent = this.#path.slice(this.#next - blocks.length, this.#next);
    this.blocksSent += blocks.length;
    const more = this.#next < this.#path.length;
    // The header travels separately only when the head is not in this very chunk.
    const head = more ? headHeader : new Uint8Array(0);
    return { type: 'blocks', base, head, proof, blocks, contents: this.#blobsOf(sent), more };
  }

  /** The kept blobs the transactions of `entries` name, within one chunk's budget. */
  #blobsOf(entries: readonly Entry[]): ContentItem[] {
    const keep = this.#keepSet();
    const items: ContentItem[] = [];
    let bytes = 0;
    for (const entry of entries) {
      for (const tx of entry.block.txs) {
        for (const hash of contentHashesOf(tx)) {
          const blob = keep.has(toHex(hash)) ? this.#deps.contents.get(hash) : undefined;
          if (blob === undefined || items.length >= MAX_ITEMS) continue;
          // Blobs that do not fit are fetched afterwards with `want`.
          if (bytes + blob.length > this.#deps.chunkBytes) continue;
          items.push({ hash, bytes: blob });
          bytes += blob.length;
        }
      }
    }
    this.contentsSent += items.length;
    return items;
  }
}
