import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/core/chain/bytes.ts';
import type { Block } from '../../../src/core/chain/types.ts';
import type { Blocks, ContentItem } from '../../../src/core/sync/messages.ts';
import { syncInMemory } from '../../../src/core/sync/memory-pipe.ts';
import { TestDevice, memoryId } from '../chain/helpers.ts';
import { forgeBlock } from '../chain/forge.ts';
import { againstScript, headOf, syncOk, syncedPair } from './peers.ts';

const HELLO = 1;

/** Honest A and B in sync; A then writes one more block that B lacks. */
function setup() {
  const { a, b } = syncedPair(3);
  a.wallMs += 10;
  b.wallMs = a.wallMs;
  const [block] = a.change({
    kind: 'put',
    id: memoryId(99),
    text: 'secret',
    tags: [],
    source: 'typed',
  });
  const base = b.tree.head;
  if (!block || !base) throw new Error('setup failed');
  const contents: ContentItem[] = [];
  for (const tx of block.txs) {
    if (tx.body.kind !== 'memory-put') continue;
    for (const hash of [tx.body.textHash, tx.body.tagsHash]) {
      const bytes = a.contents.get(hash);
      if (bytes) contents.push({ hash, bytes });
    }
  }
  return { a, b, block, base, contents, stranger: new TestDevice(7, a.wallMs) };
}

/** A `blocks` answer that hands over `blocks` on top of `base`. */
function chunk(
  base: Uint8Array,
  blocks: readonly Uint8Array[],
  contents: ContentItem[] = [],
): Blocks {
  return {
    type: 'blocks',
    base,
    head: new Uint8Array(0),
    proof: [],
    blocks,
    contents,
    more: false,
  };
}

/** Runs B against a peer that answers its hello with `reply`; B must refuse with `code`. */
function refuses(b: TestDevice, reply: Blocks | Uint8Array, code: string): void {
  const before = b.tree.size;
  const report = againstScript(b, (bytes) => (bytes[0] === HELLO ? [reply] : []));
  expect(report?.error?.code).toBe(code);
  expect(report?.abortedByPeer).toBe(false);
  expect(b.tree.size).toBe(before);
}

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const copy = new Uint8Array(bytes);
  copy[at] = (copy[at] ?? 0) ^ 1;
  return copy;
}

describe('sync with a misbehaving peer', () => {
  it('refuses a forged block signature, applies nothing, then syncs with an honest peer', () => {
    const { a, b, block, base } = setup();
    refuses(
      b,
      chunk(base.hash, [flip(block.bytes, block.headerBytes.length - 1)]),
      'block-bad-signature',
    );
    syncOk(a, b);
    expect(headOf(b)).toBe(headOf(a));
  });

  it('refuses a block sealed by a device that is not one of ours', () => {
    const { a, b, base, stranger } = setup();
    const forged = forgeBlock(stranger.signer, base, {
      txs: [stranger.tx({ kind: 'memory-delete', memory: memoryId(1) })],
      time: b.wallMs,
    });
    refuses(b, chunk(base.hash, [forged.bytes]), 'block-not-authority');
    syncOk(a, b);
    expect(b.tree.memories().find((m) => m.id === memoryId(1))?.alive).toBe(true);
  });

  it('refuses a block whose txRoot does not match its transactions', () => {
    const { a, b, base } = setup();
    const tx = a.tx({ kind: 'memory-delete', memory: memoryId(2) });
    const forged = forgeBlock(a.signer, base, {
      txs: [tx],
      time: b.wallMs,
      header: { txRoot: new Uint8Array(32) },
    });
    refuses(b, chunk(base.hash, [forged.bytes]), 'block-bad-tx-root');
  });

  it('refuses a blob that does not match its content hash and keeps no part of it', () => {
    const { a, b, block, base, contents } = setup();
    const bad = contents.map((c) => ({ hash: c.hash, bytes: flip(c.bytes, c.bytes.length - 1) }));
    const report = againstScript(b, (bytes) =>
      bytes[0] === HELLO ? [chunk(base.hash, [block.bytes], bad)] : [],
    );
    expect(report?.error?.code).toBe('block-bad-content-hash');
    for (const c of contents) expect(b.contents.has(c.hash)).toBe(false);
    // The honest peer then supplies the real text.
    syncOk(a, b);
    for (const c of contents) expect(b.contents.has(c.hash)).toBe(true);
  });

  it('refuses replayed transactions and far-future blocks', () => {
    const { b, base, a } = setup();
    const old = base.block.txs[0];
    if (!old) throw new Error('no tx');
    const replay: Block = forgeBlock(a.signer, base, { txs: [old], time: b.wallMs });
    refuses(b, chunk(base.hash, [replay.bytes]), 'block-replayed');
    const tx = a.tx({ kind: 'memory-delete', memory: memoryId(3) });
    const future = forgeBlock(a.signer, base, { txs: [tx], time: b.wallMs + 24 * 3600_000 });
    refuses(b, chunk(base.hash, [future.bytes]), 'block-future');
  });

  it('refuses malformed bytes, oversized blocks and a transfer from an unknown base', () => {
    const { b, block } = setup();
    refuses(b, new Uint8Array([4, 1, 2, 3]), 'sync-protocol');
    refuses(b, new Uint8Array([99]), 'sync-protocol');
    const huge = new Uint8Array(300 * 1024);
    refuses(b, chunk(block.header.parent, [huge]), 'sync-protocol');
    refuses(b, chunk(new Uint8Array(32).fill(9), [block.bytes]), 'sync-protocol');
  });

  it('refuses a head whose block log is not consistent with our base', () => {
    const { b, block, base } = setup();
    const lying: Blocks = {
      ...chunk(base.hash, []),
      head: block.headerBytes,
      proof: [new Uint8Array(32)],
      more: true,
    };
    refuses(b, lying, 'sync-protocol');
  });

  it('refuses a peer that narrows the fork range without shrinking it', () => {
    const { b } = setup();
    const top = b.tree.head?.height ?? 0;
    const report = againstScript(b, (bytes) =>
      bytes[0] === HELLO || bytes[0] === 3 ? [{ type: 'narrow', low: 0, high: top }] : [],
    );
    expect(report?.error?.code).toBe('sync-protocol');
  });

  it('stops at once with a device of another person’s chain', () => {
    const { b } = setup();
    const other = new TestDevice(9, b.wallMs);
    other.genesis();
    const report = againstScript(b, () => []);
    expect(report).toBeNull(); // a silent peer leaves the session open; the caller times out
    const { reports } = syncWith(b, other);
    expect(reports.map((r) => r?.error?.code)).toEqual(['sync-other-chain', 'sync-other-chain']);
    expect(toHex(b.tree.genesis?.hash ?? new Uint8Array())).not.toBe(
      toHex(other.tree.genesis?.hash ?? new Uint8Array()),
    );
  });
});

function syncWith(x: TestDevice, y: TestDevice) {
  return syncInMemory(
    { tree: x.tree, contents: x.contents, now: () => x.wallMs },
    { tree: y.tree, contents: y.contents, now: () => y.wallMs },
  );
}
