/**
 * Chain figures, in Node: block validation (beside one bare ed25519 verification, its floor), sync at
 * n = 10,000 blocks with d = 1 and d = 100 new blocks — round trips, bytes and time — beside a
 * naive full transfer of the chain; and one `memories.put` through the store with the chain beside
 * the plain insert it replaced (chain-store.ts).
 */
import { decodeBlock } from '../../src/core/chain/block-codec.ts';
import { sealBlock } from '../../src/core/chain/seal.ts';
import { ChainTree, type Entry } from '../../src/core/chain/tree.ts';
import type { Block, Tx } from '../../src/core/chain/types.ts';
import { validateBlock } from '../../src/core/chain/validate.ts';
import { syncInMemory } from '../../src/core/sync/memory-pipe.ts';
import { TestDevice, memoryId, prims } from '../../tests/unit/chain/helpers.ts';
import type { Area, Figure } from '../figure.ts';
import { storePutFigure } from './chain-store.ts';

const CHAIN = 10_000;
const VALIDATIONS = 500;
const WARMUP = 50;

function timed(action: () => unknown): number {
  const started = performance.now();
  action();
  return performance.now() - started;
}

function parentOf(e: Entry) {
  return {
    hash: e.hash,
    height: e.height,
    time: e.block.header.time,
    logRootAfter: e.logRootAfter,
  };
}

/** `count` sibling blocks on `a`'s head, sealed by `sealer`, each with `txs()` fresh transactions. */
function siblings(a: TestDevice, sealer: TestDevice, count: number, txs: () => Tx[]): Block[] {
  const head = a.tree.head;
  if (!head) throw new Error('no head');
  return Array.from({ length: count }, () =>
    sealBlock(prims, sealer.signer, {
      parent: parentOf(head),
      members: head.members,
      now: a.wallMs,
      txs: txs(),
    }),
  );
}

/** Per-block samples of decode + validateBlock against the head's context. */
function validation(a: TestDevice, blocks: Block[]): number[] {
  const context = a.tree.contextFor(a.tree.head, a.wallMs);
  const samples: number[] = [];
  blocks.forEach((block, i) => {
    const ms = timed(() => {
      const result = validateBlock(decodeBlock(prims, block.bytes), context);
      if (!result.ok) throw result.error;
    });
    if (i >= WARMUP) samples.push(ms);
  });
  return samples;
}

function validationFigures(): Figure[] {
  const a = new TestDevice(0);
  const b = new TestDevice(1);
  a.genesis();
  a.add(b);
  let n = 0;
  const write = (d: TestDevice): Tx => d.tx({ kind: 'memory-delete', memory: memoryId(n++) });
  const own = siblings(a, a, VALIDATIONS + WARMUP, () => [write(a)]);
  const carried = siblings(a, b, VALIDATIONS + WARMUP, () => [write(a)]);
  const sixteen = siblings(a, a, VALIDATIONS + WARMUP, () =>
    Array.from({ length: 16 }, () => write(a)),
  );
  const message = new Uint8Array(200);
  const signature = prims.sign(a.keys.signSecretKey, message);
  const verify = Array.from({ length: VALIDATIONS + WARMUP }, () =>
    timed(() => prims.verify(a.keys.signPublicKey, message, signature)),
  ).slice(WARMUP);
  const figure = (id: string, label: string, ours: number[]): Figure => ({
    id,
    label,
    runtime: 'node',
    ours,
    baselineLabel: 'one ed25519 verification',
    baseline: verify,
    goal: '≤ 0.2 ms per block',
  });
  return [
    figure('chain.validate.own', 'validate a 1-tx block sealed by its author', validation(a, own)),
    figure(
      'chain.validate.carried',
      'validate a 1-tx block sealed by another authority',
      validation(a, carried),
    ),
    figure(
      'chain.validate.16tx',
      'validate a 16-tx block sealed by its author',
      validation(a, sixteen),
    ),
  ];
}

/** Bytes a naive full transfer sends: every canonical block and every kept blob. */
function fullTransferBytes(d: TestDevice): number {
  let bytes = 0;
  for (let h = 0; h <= (d.tree.head?.height ?? -1); h++)
    bytes += d.tree.canonicalAt(h)?.block.bytes.length ?? 0;
  for (const hex of d.tree.content().keep.keys()) bytes += d.contents.blobs.get(hex)?.length ?? 0;
  return bytes;
}

function syncFigures(): Figure[] {
  const a = new TestDevice(0);
  const b = new TestDevice(1);
  a.genesis();
  a.add(b);
  let n = 0;
  const writeMany = (count: number): void => {
    for (let i = 0; i < count; i++) {
      a.wallMs += 1;
      a.change({ kind: 'put', id: memoryId(n), text: `note ${n++}`, tags: [], source: 'typed' });
    }
  };
  writeMany(CHAIN);
  // The naive baseline's time: a fresh device validating the whole chain it was sent, measured
  // beside every sync sample (the first included), so both see the same machine.
  const naiveTransfer = (): number => {
    const fresh = new ChainTree(prims);
    return timed(() => {
      for (let h = 0; h <= (a.tree.head?.height ?? -1); h++)
        fresh.add(a.tree.canonicalAt(h)?.block.bytes ?? new Uint8Array(), a.wallMs);
    });
  };
  for (let h = 0; h <= (a.tree.head?.height ?? -1); h++)
    b.tree.add(a.tree.canonicalAt(h)?.block.bytes ?? new Uint8Array(), a.wallMs, true);
  for (const [hex, bytes] of a.contents.blobs) b.contents.blobs.set(hex, bytes);
  b.wallMs = a.wallMs;
  const run = (d: number, repeats: number) => {
    const samples = {
      rt: [] as number[],
      bytes: [] as number[],
      extra: [] as number[],
      ms: [] as number[],
      naive: [] as number[],
      naiveMs: [] as number[],
    };
    for (let r = 0; r < repeats; r++) {
      const blobsBefore = new Set(b.contents.blobs.keys());
      const heightBefore = a.tree.head?.height ?? 0;
      writeMany(d);
      let payload = 0;
      for (let h = heightBefore + 1; h <= (a.tree.head?.height ?? 0); h++)
        payload += a.tree.canonicalAt(h)?.block.bytes.length ?? 0;
      for (const [hex, bytes] of a.contents.blobs)
        if (!blobsBefore.has(hex)) payload += bytes.length;
      let pipe: ReturnType<typeof syncInMemory>['pipe'] | null = null;
      const peer = (x: TestDevice) => ({ tree: x.tree, contents: x.contents, now: () => x.wallMs });
      samples.ms.push(timed(() => (pipe = syncInMemory(peer(a), peer(b)).pipe)));
      const p = pipe as ReturnType<typeof syncInMemory>['pipe'] | null;
      if (!p || b.tree.head?.hex !== a.tree.head?.hex) throw new Error('sync did not converge');
      samples.rt.push(p.roundTrips);
      samples.bytes.push(p.stats.bytes);
      samples.extra.push(p.stats.bytes - payload);
      samples.naive.push(fullTransferBytes(a));
      samples.naiveMs.push(naiveTransfer());
    }
    return samples;
  };
  const d1 = run(1, 7);
  const d100 = run(100, 3);
  const fig = (
    id: string,
    label: string,
    unit: NonNullable<Figure['unit']>,
    ours: number[],
    baselineLabel: string,
    baseline: number[],
    goal?: string,
  ): Figure => ({
    id,
    label,
    runtime: 'node',
    unit,
    ours,
    baselineLabel,
    baseline,
    ...(goal ? { goal } : {}),
  });
  const naive = 'naive full transfer';
  return [
    fig(
      'chain.sync.d1.round-trips',
      'sync d = 1 of n = 10k: round trips',
      'round trips',
      d1.rt,
      naive,
      [1],
      '≤ 3',
    ),
    fig(
      'chain.sync.d1.overhead',
      'sync d = 1 of n = 10k: bytes beyond the block and its blobs',
      'bytes',
      d1.extra,
      `${naive} (all bytes)`,
      d1.naive,
      '< 4 KB',
    ),
    fig(
      'chain.sync.d1.bytes',
      'sync d = 1 of n = 10k: all bytes',
      'bytes',
      d1.bytes,
      naive,
      d1.naive,
    ),
    fig(
      'chain.sync.d1.ms',
      'sync d = 1 of n = 10k: time, both sides in one process (every run, the first included)',
      'ms',
      d1.ms,
      `${naive}: a fresh device validates all 10k blocks, as often`,
      d1.naiveMs,
    ),
    fig(
      'chain.sync.d100.round-trips',
      'sync d = 100 of n = 10k: round trips',
      'round trips',
      d100.rt,
      naive,
      [1],
    ),
    fig(
      'chain.sync.d100.bytes',
      'sync d = 100 of n = 10k: all bytes',
      'bytes',
      d100.bytes,
      naive,
      d100.naive,
    ),
    fig(
      'chain.sync.d100.ms',
      'sync d = 100 of n = 10k: time (every run, the first included)',
      'ms',
      d100.ms,
      `${naive}: a fresh device validates all 10k blocks, as often`,
      d100.naiveMs,
    ),
  ];
}

/** The chain area of `npm run bench`. */
export const chainArea: Area = {
  name: 'chain',
  part: 'chain',
  async run() {
    return [...validationFigures(), ...syncFigures(), await storePutFigure()];
  },
};
