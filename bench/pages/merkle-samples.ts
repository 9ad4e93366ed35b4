/**
 * The Merkle root of 1,000 encoded transactions, measured the same way in Node
 * (bench/areas/chain-merkle.ts) and Chromium (chain-bench.ts): the root as the chain computes it
 * (levels hashed four lanes at a time, core/crypto/sha256-batch.ts) beside the recursive root
 * with one libsodium SHA-256 call per hash (the path before), its floor (the same 1,999 calls on
 * ready inputs, no tree) and one SHA-256 over all the bytes. Interleaved per run.
 */
import { merkleOf } from '../../src/core/chain/hashing.ts';
import type { Primitives } from '../../src/core/crypto/primitives.ts';
import { bytesEqual, createMerkle } from '../../src/core/merkle/index.ts';
import { TestDevice, memoryId } from '../../tests/unit/chain/helpers.ts';

/** Per-run ms of each way. */
export interface MerkleSamples {
  batched: number[];
  scalar: number[];
  floor: number[];
  oneHash: number[];
}

function timed(action: () => unknown): number {
  const started = performance.now();
  action();
  return performance.now() - started;
}

/** `runs` samples of each way after `warmup` unrecorded ones; throws if the roots differ. */
export function merkleSamples(prims: Primitives, runs: number, warmup = 10): MerkleSamples {
  const a = new TestDevice(0);
  const leaves = Array.from(
    { length: 1000 },
    (_, i) => a.tx({ kind: 'memory-delete', memory: memoryId(i) }).bytes,
  );
  const all = new Uint8Array(leaves.reduce((s, l) => s + l.length, 0));
  leaves.reduce((at, l) => (all.set(l, at), at + l.length), 0);
  const batched = merkleOf(prims);
  const scalar = createMerkle((bytes) => prims.sha256(bytes));
  if (!prims.sha256Batch) throw new Error('no WebAssembly SIMD SHA-256 here');
  if (!bytesEqual(batched.merkleRoot(leaves), scalar.merkleRoot(leaves))) {
    throw new Error('the batched root differs');
  }
  const inputs = [
    ...leaves.map((l) => Uint8Array.of(0, ...l)),
    ...Array.from({ length: leaves.length - 1 }, () => new Uint8Array(65).fill(1)),
  ];
  const out: MerkleSamples = { batched: [], scalar: [], floor: [], oneHash: [] };
  for (let i = 0; i < runs + warmup; i++) {
    const b = timed(() => batched.merkleRoot(leaves));
    const s = timed(() => scalar.merkleRoot(leaves));
    const f = timed(() => inputs.forEach((input) => prims.sha256(input)));
    const o = timed(() => prims.sha256(all));
    if (i < warmup) continue;
    out.batched.push(b);
    out.scalar.push(s);
    out.floor.push(f);
    out.oneHash.push(o);
  }
  return out;
}

/** The figures' rows (ids under `chain.merkle-root-1k`), for `runtime`. */
export function merkleRows(samples: MerkleSamples, runtime: 'node' | 'chromium') {
  const suffix = runtime === 'node' ? '' : '.chromium';
  const label = 'RFC 6962 root of 1,000 encoded transactions (levels in 4 SIMD lanes)';
  return [
    {
      id: `chain.merkle-root-1k${suffix}`,
      label,
      runtime,
      ours: samples.batched,
      baselineLabel: 'one SHA-256 over the same bytes',
      baseline: samples.oneHash,
      goal: '≤ 1 ms',
    },
    {
      id: `chain.merkle-root-1k-before${suffix}`,
      label: `${label}, beside the path before`,
      runtime,
      ours: samples.batched,
      baselineLabel: 'the recursive root, one libsodium SHA-256 call per hash',
      baseline: samples.scalar,
    },
    {
      id: `chain.merkle-root-1k-floor${suffix}`,
      label: `${label}, beside the floor of one call per hash`,
      runtime,
      ours: samples.batched,
      baselineLabel: 'its 1,999 SHA-256 calls on ready inputs, no tree',
      baseline: samples.floor,
    },
  ] as const;
}
