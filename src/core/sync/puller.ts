/**
 * The pulling half of a sync session: says what it has, narrows the fork point when asked, then
 * verifies and applies the blocks and blobs it receives. Every block passes `validateBlock` (via
 * the tree) and every blob its hash before anything is stored; the first chunk's head is checked
 * against our log with an RFC 6962 consistency proof before any block is applied.
 */
import { KianaError } from '@kiana/shared/errors';
import { decodeHeader, HEADER_BYTES } from '../chain/block-codec.ts';
import { toHex } from '../chain/bytes.ts';
import { contentMatches } from '../chain/content.ts';
import { BLOCK_DOMAIN, merkleOf, signedMessage } from '../chain/hashing.ts';
import { SIGNATURE_BYTES } from '../chain/limits.ts';
import type { ChainTree, Entry } from '../chain/tree.ts';
import { bytesEqual } from '../merkle/index.ts';
import { ancestorAt, locatorHeights, probeHeights } from './locator.ts';
import { blocksProgress, contentsProgress, type SyncProgress } from './progress.ts';
import type { Blocks, Contents, Hello, Narrow, SyncMessage } from './messages.ts';
import { MAX_HASHES, SYNC_VERSION } from './messages.ts';
import type { ContentStore } from './types.ts';

/** What a puller needs. */
export interface PullerDeps {
  readonly tree: ChainTree;
  readonly contents: ContentStore;
  readonly now: () => number;
}

const ZERO = new Uint8Array(32);
/** Branch tips listed in `hello`, so a download cut short resumes where it stopped. */
const MAX_TIPS = 8;

function protocol(why: string): KianaError {
  return new KianaError('sync-protocol', why);
}

type Phase = 'idle' | 'finding' | 'blocks' | 'contents' | 'done';

/** Pulls what the peer has and we lack. */
export class Puller {
  readonly #deps: PullerDeps;
  #phase: Phase = 'idle';
  /** Our head when the pull began: probes describe this branch even if the head moves. */
  #pinned: Entry | null = null;
  #target: { hash: Uint8Array; height: number } | null = null;
  /** The last range the server narrowed to. */
  #range: { low: number; high: number } | null = null;
  #last: Uint8Array | null = null;
  /** Heights for progress: the base the transfer starts after and the last block applied. */
  #baseHeight = -1;
  #lastHeight = -1;
  /** Blobs missing when the blobs phase began, and how many of them have come since. */
  #missing = 0;
  #arrived = 0;
  /** Every blob asked for in this session; a blob the peer lacks is not asked for twice. */
  #asked = new Set<string>();
  /** The blobs of the `want` in flight. */
  #batch = new Map<string, Uint8Array>();
  /** Counters for the session report. */
  blocksReceived = 0;
  contentsReceived = 0;

  constructor(deps: PullerDeps) {
    this.#deps = deps;
  }

  /** True once the pull has finished. */
  get done(): boolean {
    return this.#phase === 'done';
  }

  /** How far the pull has got; null while it looks for the fork point, and once done. */
  get progress(): SyncProgress | null {
    if (this.#phase === 'blocks' && this.#target !== null) {
      return blocksProgress(this.#baseHeight, this.#target.height, this.#lastHeight);
    }
    if (this.#phase === 'contents') return contentsProgress(this.#missing, this.#arrived);
    return null;
  }

  /** The opening message. */
  hello(): Hello {
    const { tree } = this.#deps;
    const head = tree.head;
    this.#pinned = head;
    this.#phase = 'finding';
    const heights = head ? locatorHeights(head.height) : [];
    const locator = heights.map((h) => (head && ancestorAt(tree, head, h)?.hash) || ZERO);
    return {
      type: 'hello',
      version: SYNC_VERSION,
      genesis: tree.genesis?.hash ?? ZERO,
      head: head?.hash ?? ZERO,
      height: head?.height ?? 0,
      locator,
      tips: tree.tips(MAX_TIPS).map((e) => e.hash),
    };
  }

  /** Our hashes in the range the server narrowed to. */
  onNarrow(m: Narrow): SyncMessage {
    const pinned = this.#pinned;
    if (this.#phase !== 'finding' || pinned === null || m.high > pinned.height) {
      throw protocol('`narrow` out of place');
    }
    // Each narrowing must shrink the range inside the last one, so a peer cannot keep us probing.
    const last = this.#range;
    if (
      last &&
      (m.low < last.low || m.high > last.high || m.high - m.low >= last.high - last.low)
    ) {
      throw protocol('`narrow` does not shrink the range');
    }
    this.#range = { low: m.low, high: m.high };
    const heights = probeHeights(m.low, m.high);
    const hashes = heights.map((h) => ancestorAt(this.#deps.tree, pinned, h)?.hash ?? ZERO);
    return { type: 'probe', low: m.low, high: m.high, hashes };
  }

  /** Nothing to fetch but blobs we may still lack. */
  onUpToDate(): SyncMessage {
    if (this.#phase !== 'finding') throw protocol('`up-to-date` out of place');
    return this.#wantNext();
  }

  /** Verifies and applies a chunk; answers `more`, `want` or `done`. */
  onBlocks(m: Blocks): SyncMessage {
    if (this.#phase === 'finding') this.#begin(m);
    else if (this.#phase !== 'blocks' || this.#last === null || !bytesEqual(m.base, this.#last)) {
      throw protocol('a chunk that does not continue the transfer');
    }
    const { tree } = this.#deps;
    for (const bytes of m.blocks) {
      const result = tree.add(bytes, this.#deps.now());
      if (result.status === 'rejected') throw result.error;
      if (result.status === 'added') this.blocksReceived += 1;
      this.#last = result.entry.hash;
      this.#lastHeight = result.entry.height;
    }
    this.#store(m.contents, null);
    if (m.more) {
      if (m.blocks.length === 0 || this.#last === null) throw protocol('an empty chunk');
      return { type: 'more', after: this.#last };
    }
    const target = this.#target;
    if (target === null || this.#last === null || !bytesEqual(this.#last, target.hash)) {
      throw protocol('the transfer did not end at the announced head');
    }
    return this.#wantNext();
  }

  /** Stores the blobs received; asks for the rest or finishes. */
  onContents(m: Contents): SyncMessage {
    if (this.#phase !== 'contents') throw protocol('`contents` out of place');
    this.#store(m.contents, this.#batch);
    // `more`: the peer had more of the batch than fit; ask again for what is still missing.
    if (m.more) return this.#want([...this.#batch.values()]);
    return this.#wantNext();
  }

  /** First chunk: check base, head and the consistency proof before applying anything. */
  #begin(m: Blocks): void {
    const { tree } = this.#deps;
    const base = bytesEqual(m.base, ZERO) ? null : tree.get(m.base);
    if (base === undefined) throw protocol('a chunk from a base we never listed');
    const last = m.blocks.at(-1);
    const headBytes = m.head.length > 0 ? m.head : last?.subarray(0, HEADER_BYTES);
    if (headBytes === undefined) throw protocol('a transfer without blocks');
    const head = decodeHeader(tree.prims, headBytes);
    const baseHeight = base?.height ?? -1;
    if (head.height <= baseHeight) throw protocol('a head below the base');
    const merkle = merkleOf(tree.prims);
    if (m.head.length > 0) {
      // A separate head is checked for its own signature; one inside the chunk gets validated.
      const message = signedMessage(BLOCK_DOMAIN, headBytes, HEADER_BYTES - SIGNATURE_BYTES);
      if (!tree.prims.verify(head.signerKey, message, head.signature)) {
        throw new KianaError('block-bad-signature', 'the announced head is not signed');
      }
    }
    if (base !== null) {
      const ok = merkle.verifyConsistency(
        base.height + 1,
        head.height,
        m.proof,
        base.logRootAfter,
        head.logRoot,
      );
      if (!ok) throw protocol('the head’s block log does not extend our base');
    } else if (m.proof.length > 0) {
      throw protocol('a proof without a base');
    }
    this.#target = { hash: tree.prims.sha256(headBytes), height: head.height };
    this.#phase = 'blocks';
    this.#last = base?.hash ?? ZERO;
    this.#baseHeight = baseHeight;
    this.#lastHeight = baseHeight;
  }

  /** Checks and stores blobs; `asked`, when given, is the batch they must come from. */
  #store(items: Blocks['contents'], asked: Map<string, Uint8Array> | null): void {
    const { tree, contents } = this.#deps;
    const keep = items.length > 0 ? tree.content().keep : new Map<string, Uint8Array>();
    for (const item of items) {
      const hex = toHex(item.hash);
      if (asked !== null && !asked.has(hex)) throw protocol('a blob we did not ask for');
      if (!contentMatches(tree.prims, item.hash, item.bytes)) {
        throw new KianaError('block-bad-content-hash', `blob ${hex.slice(0, 12)} does not match`);
      }
      // Only blobs the merged state keeps are stored: an erased one must not come back.
      if (keep.has(hex)) {
        if (!contents.has(item.hash)) {
          contents.put(item.hash, item.bytes);
          this.contentsReceived += 1;
        }
        tree.confirmContent(hex);
      }
      if (asked?.delete(hex)) this.#arrived += 1;
    }
  }

  /**
   * Asks for blobs the merged state needs and we lack, or finishes. Only blobs not yet confirmed
   * present are looked up in the store, so a session costs O(new blobs), not O(memories).
   */
  #wantNext(): SyncMessage {
    const { tree, contents } = this.#deps;
    if (this.#phase !== 'contents') {
      this.#phase = 'contents';
      this.#missing = countMissing(tree, contents);
    }
    const missing: Uint8Array[] = [];
    for (const [hex, hash] of [...tree.unconfirmedContent()]) {
      if (contents.has(hash)) tree.confirmContent(hex);
      else if (!this.#asked.has(hex)) missing.push(hash);
      if (missing.length === MAX_HASHES) break;
    }
    return this.#want(missing);
  }

  #want(hashes: Uint8Array[]): SyncMessage {
    if (hashes.length === 0) {
      this.#phase = 'done';
      return { type: 'done' };
    }
    this.#batch = new Map(hashes.map((h) => [toHex(h), h]));
    for (const hex of this.#batch.keys()) this.#asked.add(hex);
    return { type: 'want', hashes };
  }
}

/** Kept blobs not in the store, confirming the ones that are (they need no lookup again). */
function countMissing(tree: ChainTree, contents: PullerDeps['contents']): number {
  let missing = 0;
  for (const [hex, hash] of [...tree.unconfirmedContent()]) {
    if (contents.has(hash)) tree.confirmContent(hex);
    else missing += 1;
  }
  return missing;
}
