/**
 * In-page half of the chain area's Chromium rows (bench/areas/chain-web.ts): validating blocks
 * sealed by another authority with their signatures preverified through Web Crypto
 * (core/crypto/web-verify.ts), beside the same blocks validated with libsodium alone — one block
 * at a time, as a single new block arrives, and a sync chunk of blocks at once. Interleaved, so
 * both see the same machine.
 */
import { decodeBlock } from '../../src/core/chain/block-codec.ts';
import { sealBlock } from '../../src/core/chain/seal.ts';
import { signaturesOf } from '../../src/core/chain/signatures.ts';
import type { Block } from '../../src/core/chain/types.ts';
import { validateBlock, type ValidationContext } from '../../src/core/chain/validate.ts';
import { loadPreverifyingPrimitives } from '../../src/core/crypto/primitives.ts';
import { TestDevice, memoryId, prims } from '../../tests/unit/chain/helpers.ts';
import { merkleSamples, type MerkleSamples } from './merkle-samples.ts';

const WARMUP = 20;

interface Setup {
  context: ValidationContext;
  blocks: Block[];
}

/** `count` 1-tx blocks on a's head sealed by b, each carrying a transaction a wrote. */
function carriedBlocks(count: number): Setup {
  const a = new TestDevice(0);
  const b = new TestDevice(1);
  a.genesis();
  a.add(b);
  const head = a.tree.head;
  if (!head) throw new Error('no head');
  const parent = {
    hash: head.hash,
    height: head.height,
    time: head.block.header.time,
    logRootAfter: head.logRootAfter,
  };
  const blocks = Array.from({ length: count }, (_, n) =>
    sealBlock(prims, b.signer, {
      parent,
      members: head.members,
      now: a.wallMs,
      txs: [a.tx({ kind: 'memory-delete', memory: memoryId(n) })],
    }),
  );
  return { context: a.tree.contextFor(head, a.wallMs), blocks };
}

function check(ok: boolean): void {
  if (!ok) throw new Error('a valid block was refused');
}

const api = {
  /** The Merkle rows' samples (merkle-samples.ts), in this browser. */
  merkle(runs: number): MerkleSamples {
    return merkleSamples(prims, runs);
  },

  /** Per-block ms: preverified one block at a time, beside libsodium alone, `n` samples each. */
  async oneAtATime(n: number): Promise<{ ours: number[]; baseline: number[] }> {
    const fast = await loadPreverifyingPrimitives();
    const { context, blocks } = carriedBlocks(2 * (n + WARMUP));
    const withFast = { ...context, prims: fast };
    const out = { ours: [] as number[], baseline: [] as number[] };
    for (let i = 0; i < n + WARMUP; i++) {
      const mine = blocks[2 * i]?.bytes ?? new Uint8Array();
      const theirs = blocks[2 * i + 1]?.bytes ?? new Uint8Array();
      const ours = async (): Promise<number> => {
        const t0 = performance.now();
        // As the store worker does: the frame's blocks are decoded for their signatures, then
        // again by the session that validates them.
        await fast.preverify(signaturesOf(decodeBlock(fast, mine)));
        check(validateBlock(decodeBlock(fast, mine), withFast).ok);
        return performance.now() - t0;
      };
      const baseline = (): number => {
        const t0 = performance.now();
        check(validateBlock(decodeBlock(prims, theirs), context).ok);
        return performance.now() - t0;
      };
      const first = i % 2 === 0;
      const a = first ? await ours() : baseline();
      const b = first ? baseline() : await ours();
      if (i < WARMUP) continue;
      out.ours.push(first ? a : b);
      out.baseline.push(first ? b : a);
    }
    return out;
  },

  /** Per-block ms of chunks of `size` blocks (as a sync chunk arrives), `n` chunks each. */
  async chunks(n: number, size: number): Promise<{ ours: number[]; baseline: number[] }> {
    const fast = await loadPreverifyingPrimitives();
    const rounds = n + 2;
    const { context, blocks } = carriedBlocks(2 * rounds * size);
    const withFast = { ...context, prims: fast };
    const out = { ours: [] as number[], baseline: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      const mine = blocks.slice(2 * i * size, (2 * i + 1) * size).map((b) => b.bytes);
      const theirs = blocks.slice((2 * i + 1) * size, (2 * i + 2) * size).map((b) => b.bytes);
      const ours = async (): Promise<number> => {
        const t0 = performance.now();
        await fast.preverify(mine.flatMap((bytes) => signaturesOf(decodeBlock(fast, bytes))));
        for (const bytes of mine) check(validateBlock(decodeBlock(fast, bytes), withFast).ok);
        return (performance.now() - t0) / size;
      };
      const baseline = (): number => {
        const t0 = performance.now();
        for (const bytes of theirs) check(validateBlock(decodeBlock(prims, bytes), context).ok);
        return (performance.now() - t0) / size;
      };
      const first = i % 2 === 0;
      const a = first ? await ours() : baseline();
      const b = first ? baseline() : await ours();
      if (i < 2) continue;
      out.ours.push(first ? a : b);
      out.baseline.push(first ? b : a);
    }
    return out;
  },
};

export type ChainBenchApi = typeof api;
(globalThis as { kianaChain?: ChainBenchApi }).kianaChain = api;
