/**
 * The sealing policy on top of a tree: choose which pending transactions can go into the next
 * block on the head (new writes plus re-inclusions from losing branches), seal, store. Any
 * authority does this whenever it has something pending, so one device alone, or two that take
 * turns being offline, never wait for each other.
 */
import { KianaError } from '@kiana/shared/errors';
import type { Hlc } from '../hlc.ts';
import { HEADER_BYTES } from './block-codec.ts';
import { toHex } from './bytes.ts';
import type { Signer } from './hashing.ts';
import { MAX_BLOCK_BYTES, MAX_BLOCK_TXS } from './limits.ts';
import { sealBlock } from './seal.ts';
import { createTx } from './tx.ts';
import type { ChainTree } from './tree.ts';
import type { Block, Tx } from './types.ts';
import { admitTx } from './validate.ts';

/** The outcome of selecting transactions for one block. */
export interface Selection {
  /** What fits into the next block, in order. */
  readonly chosen: Tx[];
  /** What can never go onto this branch, with the rule it breaks. */
  readonly refused: { readonly tx: Tx; readonly error: KianaError }[];
}

/**
 * Picks, in order, the candidates `signer` may seal into the next block on the tree's head: the
 * per-transaction rules of `validateBlock`, applied as the block would apply them, within the
 * block's count and size limits (the rest waits for the next block).
 */
export function selectTxs(
  tree: ChainTree,
  signer: Signer,
  candidates: readonly Tx[],
  now: number,
): Selection {
  const head = tree.head;
  const base = tree.contextFor(head, now);
  const time = Math.max(now, head?.block.header.time ?? 0);
  let members = base.members;
  let bytes = HEADER_BYTES;
  const seen = new Set<string>();
  const chosen: Tx[] = [];
  const refused: Selection['refused'] = [];
  for (const tx of candidates) {
    const key = toHex(tx.id);
    if (seen.has(key)) continue;
    seen.add(key);
    if (chosen.length === MAX_BLOCK_TXS || bytes + 2 + tx.bytes.length > MAX_BLOCK_BYTES) break;
    const verdict = admitTx(tx, { ...base, members }, signer.id, time);
    if (!verdict.ok) {
      // Already on the branch is not a refusal: the transaction simply needs no block.
      if (verdict.error.code !== 'block-replayed') refused.push({ tx, error: verdict.error });
      continue;
    }
    members = verdict.members;
    bytes += 2 + tx.bytes.length;
    chosen.push(tx);
  }
  return { chosen, refused };
}

/**
 * Seals `txs` and every pending re-inclusion into as many blocks on the head as they need, stores
 * them, and returns them (empty when nothing was pending, or when `signer` may not seal here any
 * more: see `ChainTree.canSeal`). Transactions that break a rule on this branch are left out and
 * returned as `refused`.
 */
export function sealPending(
  tree: ChainTree,
  signer: Signer,
  txs: readonly Tx[],
  now: number,
): { blocks: Block[]; refused: Selection['refused'] } {
  const blocks: Block[] = [];
  const refused: Selection['refused'] = [];
  // A removed device seals nothing: its blocks would be refused everywhere.
  if (!tree.canSeal(signer.id)) return { blocks, refused };
  let candidates = [...tree.reinclusions(), ...txs];
  for (;;) {
    const selection = selectTxs(tree, signer, candidates, now);
    refused.push(...selection.refused);
    if (selection.chosen.length === 0) return { blocks, refused };
    const head = tree.head;
    const block = sealBlock(tree.prims, signer, {
      parent: head && {
        hash: head.hash,
        height: head.height,
        time: head.block.header.time,
        logRootAfter: head.logRootAfter,
      },
      members: head?.members ?? tree.contextFor(null, now).members,
      now,
      txs: selection.chosen,
    });
    const added = tree.add(block, now);
    if (added.status === 'rejected') throw added.error;
    blocks.push(block);
    const done = new Set([...selection.chosen, ...selection.refused.map((r) => r.tx)]);
    candidates = candidates.filter((tx) => !done.has(tx));
  }
}

/**
 * The genesis block of a new set of devices: `signer` adds itself (with its x25519 key and
 * display name) and becomes the first authority. Throws `internal` when the tree is not empty.
 */
export function sealGenesis(
  tree: ChainTree,
  signer: Signer,
  device: { readonly boxKey: Uint8Array; readonly name: string },
  hlc: Hlc,
  now: number,
): Block {
  if (tree.genesis !== null) throw new KianaError('internal', 'this chain has a genesis already');
  const add = createTx(tree.prims, signer, hlc, {
    kind: 'device-add',
    signKey: signer.key,
    boxKey: device.boxKey,
    name: device.name,
  });
  const block = sealBlock(tree.prims, signer, {
    parent: null,
    members: tree.contextFor(null, now).members,
    now,
    txs: [add],
  });
  const added = tree.add(block, now);
  if (added.status === 'rejected') throw added.error;
  return block;
}
